/**
 * JQL read with Atlassian's own grammar (@atlassianlabs/jql-ast, the ANTLR grammar Jira's editor
 * uses), so a query Jira would refuse as a syntax error is refused here too, with the position
 * Jira reports. The tree is then turned into the small node shape the evaluator in `search.ts`
 * walks. Constructs the emulator does not evaluate (WAS, CHANGED, predicates) are refused with a
 * sentence saying so, instead of being silently misread.
 */
import { JastBuilder } from '@atlassianlabs/jql-ast';
import { JqlError, type JqlNode, type JqlQuery, type JqlValue, type Operator } from './jql';

// The AST's node types are a deep union; the converter reads the few properties it needs.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Node = any;

const OPERATORS: Record<string, Operator> = {
  '=': '=',
  '!=': '!=',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
  '~': '~',
  '!~': '!~',
  in: 'in',
  'not in': 'not in',
  is: 'is',
  'is not': 'is not',
};

function fieldName(field: Node): string {
  const base = String(field?.value ?? '');
  const props = (field?.properties ?? []) as Node[];
  if (!props.length) return base;
  // issue.property[refinery.wsjf].wsjf: the key in brackets, the path after it.
  const p = props[0];
  const path = ((p.path ?? []) as Node[]).map((x) => String(x.value).replace(/^\./, '')).join('.');
  return `${base}[${p.key?.value ?? ''}]${path ? `.${path}` : ''}`;
}

function operand(o: Node): JqlValue[] {
  switch (o?.operandType) {
    case 'list':
      return ((o.values ?? []) as Node[]).flatMap(operand);
    case 'keyword':
      return [{ kind: 'empty' }];
    case 'function':
      return [{ kind: 'function', name: String(o.function?.value ?? '').toLowerCase(), args: ((o.arguments ?? []) as Node[]).map((a) => String(a.value ?? a.text ?? '')) }];
    case 'value': {
      const text = String(o.text ?? '');
      const quoted = /^["']/.test(text);
      const v = quoted ? unescape(text.slice(1, -1)) : String(o.value ?? '');
      return [!quoted && /^-?\d+(\.\d+)?$/.test(v) ? { kind: 'number', value: Number(v) } : { kind: 'string', value: v }];
    }
    default:
      throw new JqlError('Error in the JQL Query: Expecting either a value, list or function.');
  }
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', ' ': ' ' };

/** JQL string escapes as Jira reads them: `\uXXXX`, `\t`, `\n`, `\r`, and `\` before any other character. */
function unescape(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => (e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e)));
}

function clause(c: Node): JqlNode {
  if (c.clauseType === 'compound') {
    const nodes = ((c.clauses ?? []) as Node[]).map(clause);
    return String(c.operator?.value).toLowerCase() === 'or' ? { type: 'or', nodes } : { type: 'and', nodes };
  }
  if (c.clauseType === 'not') return { type: 'not', node: clause(c.clause) };
  const opText = String(c.operator?.value ?? '').toLowerCase();
  const op = OPERATORS[opText];
  if (!op) throw new JqlError(`Error in the JQL Query: the emulator does not evaluate the '${opText.toUpperCase()}' operator (it only knows the current values of fields).`);
  if ((c.predicates ?? []).length) throw new JqlError('Error in the JQL Query: the emulator does not evaluate history predicates (BY, DURING, ON, BEFORE, AFTER, FROM, TO).');
  const values = operand(c.operand);
  if ((op === 'is' || op === 'is not') && values.some((v) => v.kind !== 'empty')) throw new JqlError(`Error in the JQL Query: The operator '${op.toUpperCase()}' can only be used with the value 'EMPTY' or 'NULL'.`);
  return { type: 'clause', field: fieldName(c.field), op, values };
}

/** Parses `jql` with Atlassian's grammar; a syntax error is a JqlError worded as Jira words it. */
export function parseJqlStrict(jql: string): JqlQuery {
  const jast = new JastBuilder().build(jql);
  if (jast.errors.length) {
    const e = jast.errors[0] as Node;
    throw new JqlError(`Error in the JQL Query: ${String(e.message ?? e)}`);
  }
  const q = jast.query as Node;
  if (!q) return { where: { type: 'all' }, orderBy: [] };
  const orderBy = ((q.orderBy?.fields ?? []) as Node[]).map((f) => ({ field: fieldName(f.field), direction: String(f.direction?.value ?? 'asc').toLowerCase() === 'desc' ? ('desc' as const) : ('asc' as const) }));
  if (orderBy.length > 7) throw new JqlError('Error in the JQL Query: The ORDER BY clause can contain a maximum of 7 fields.');
  return { where: q.where ? clause(q.where) : { type: 'all' }, orderBy };
}
