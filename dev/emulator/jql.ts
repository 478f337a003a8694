/**
 * The JQL the emulator evaluates. Queries are parsed with Atlassian's own grammar
 * (`jqlGrammar.ts`, @atlassianlabs/jql-ast) into the node shape below; what the evaluator covers:
 *
 *   query   := [or] [ORDER BY field [ASC|DESC] {, field [ASC|DESC]}]
 *   or      := and {OR and}
 *   and     := not {AND not}
 *   not     := NOT not | '(' or ')' | clause
 *   clause  := field op value
 *   op      := = | != | > | >= | < | <= | ~ | !~ | IN | NOT IN | IS [NOT]
 *   value   := string | number | word | function() | list | EMPTY | NULL
 *
 * Fields: project, issuetype/type, parent, sprint (ids, names, openSprints(), futureSprints(),
 * closedSprints()), status, statusCategory, labels, key/issuekey/id, created, updated,
 * resolution, resolutiondate, assignee, summary/description/text (~), custom fields by name,
 * clause name or cf[N], and entity properties (`issue.property[key].path` or a search alias).
 */

export class JqlError extends Error {
  /** Jira lists one message per problem (e.g. one per unknown issue key); `message` joins them. */
  readonly messages: string[];
  constructor(message: string | string[]) {
    const messages = Array.isArray(message) ? message : [message];
    super(messages.join(' '));
    this.messages = messages;
    this.name = 'JqlError';
  }
}

export type JqlValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'function'; name: string; args: string[] }
  | { kind: 'empty' };

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type JqlNode =
  | { type: 'and'; nodes: JqlNode[] }
  | { type: 'or'; nodes: JqlNode[] }
  | { type: 'not'; node: JqlNode }
  | { type: 'clause'; field: string; op: Operator; values: JqlValue[] }
  | { type: 'all' };

export interface JqlQuery {
  where: JqlNode;
  orderBy: { field: string; direction: 'asc' | 'desc' }[];
}

/** Atlassian's grammar reads every query; kept under this name for the callers that parse JQL directly. */
export { parseJqlStrict as parseJql } from './jqlGrammar';
