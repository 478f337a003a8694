/**
 * The JQL subset the emulator understands, with Jira-style errors for what it cannot parse.
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
  constructor(message: string) {
    super(message);
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

type Token =
  | { t: 'str'; v: string; pos: number }
  | { t: 'word'; v: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'punct'; v: '(' | ')' | ','; pos: number };

const WORD = /[A-Za-z0-9_.\-[\]:/@+*]/;

export function tokenize(jql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let v = '';
      i++;
      while (i < jql.length && jql[i] !== c) {
        if (jql[i] === '\\' && i + 1 < jql.length) {
          v += jql[i + 1];
          i += 2;
        } else v += jql[i++];
      }
      if (i >= jql.length) throw new JqlError(`Error in the JQL Query: The quoted string '${v}' has not been completed. (line 1, character ${start + 1})`);
      i++;
      out.push({ t: 'str', v, pos: start });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: 'punct', v: c, pos: i++ });
      continue;
    }
    const two = jql.slice(i, i + 2);
    if (['!=', '>=', '<=', '!~'].includes(two)) {
      out.push({ t: 'op', v: two, pos: i });
      i += 2;
      continue;
    }
    if ('=<>~'.includes(c)) {
      out.push({ t: 'op', v: c, pos: i++ });
      continue;
    }
    if (WORD.test(c)) {
      const start = i;
      // `issue.property[a.b].c` and `cf[10016]` keep their brackets.
      while (i < jql.length && WORD.test(jql[i])) i++;
      out.push({ t: 'word', v: jql.slice(start, i), pos: start });
      continue;
    }
    throw new JqlError(`Error in the JQL Query: The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}' instead. (line 1, character ${i + 1})`);
  }
  return out;
}

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let p = 0;
  const peek = () => tokens[p];
  const isWord = (w: string, tok = peek()) => tok !== undefined && tok.t === 'word' && tok.v.toLowerCase() === w;
  const expected = (what: string): never => {
    const tok = peek();
    throw new JqlError(
      tok
        ? `Error in the JQL Query: Expecting ${what} but got '${tok.v}'. (line 1, character ${tok.pos + 1})`
        : `Error in the JQL Query: Expecting ${what} before the end of the query.`,
    );
  };

  const parseValue = (): JqlValue => {
    const tok = peek();
    if (!tok) return expected('either a value, list or function');
    if (tok.t === 'str') {
      p++;
      return { kind: 'string', value: tok.v };
    }
    if (tok.t === 'word') {
      p++;
      const lower = tok.v.toLowerCase();
      if (lower === 'empty' || lower === 'null') return { kind: 'empty' };
      const next = peek();
      if (next?.t === 'punct' && next.v === '(') {
        p++;
        const args: string[] = [];
        while (peek() && !(peek()!.t === 'punct' && peek()!.v === ')')) {
          const a = peek()!;
          if (a.t === 'punct' && a.v === ',') {
            p++;
            continue;
          }
          args.push(a.v);
          p++;
        }
        if (!peek()) expected("')'");
        p++;
        return { kind: 'function', name: lower, args };
      }
      if (/^-?\d+(\.\d+)?$/.test(tok.v)) return { kind: 'number', value: Number(tok.v) };
      return { kind: 'string', value: tok.v };
    }
    return expected('either a value, list or function');
  };

  const parseList = (): JqlValue[] => {
    const tok = peek();
    if (tok?.t === 'punct' && tok.v === '(') {
      p++;
      const values: JqlValue[] = [];
      for (;;) {
        values.push(parseValue());
        const sep = peek();
        if (sep?.t === 'punct' && sep.v === ',') {
          p++;
          continue;
        }
        if (sep?.t === 'punct' && sep.v === ')') {
          p++;
          return values;
        }
        return expected("')' or ','");
      }
    }
    const v = parseValue();
    if (v.kind !== 'function') throw new JqlError(`Error in the JQL Query: Expecting '(' but got '${tok?.v}'. (line 1, character ${(tok?.pos ?? 0) + 1})`);
    return [v];
  };

  const parseClause = (): JqlNode => {
    const tok = peek();
    if (!tok || (tok.t !== 'word' && tok.t !== 'str')) return expected('a field name');
    p++;
    const field = tok.v;
    const opTok = peek();
    let op: Operator;
    if (opTok?.t === 'op') {
      p++;
      op = opTok.v as Operator;
    } else if (isWord('in')) {
      p++;
      op = 'in';
    } else if (isWord('not') && isWord('in', tokens[p + 1])) {
      p += 2;
      op = 'not in';
    } else if (isWord('is')) {
      p++;
      if (isWord('not')) {
        p++;
        op = 'is not';
      } else op = 'is';
    } else return expected("operator such as '=', '!=', 'in', 'is'");
    if (op === 'in' || op === 'not in') return { type: 'clause', field, op, values: parseList() };
    const value = parseValue();
    if ((op === 'is' || op === 'is not') && value.kind !== 'empty') throw new JqlError(`Error in the JQL Query: The operator '${op.toUpperCase()}' can only be used with the value 'EMPTY' or 'NULL'.`);
    return { type: 'clause', field, op, values: [value] };
  };

  const parseNot = (): JqlNode => {
    if (isWord('not')) {
      p++;
      return { type: 'not', node: parseNot() };
    }
    const tok = peek();
    if (tok?.t === 'punct' && tok.v === '(') {
      p++;
      const inner = parseOr();
      const close = peek();
      if (!(close?.t === 'punct' && close.v === ')')) return expected("')'");
      p++;
      return inner;
    }
    return parseClause();
  };
  const parseAnd = (): JqlNode => {
    const nodes = [parseNot()];
    while (isWord('and')) {
      p++;
      nodes.push(parseNot());
    }
    return nodes.length === 1 ? nodes[0] : { type: 'and', nodes };
  };
  function parseOr(): JqlNode {
    const nodes = [parseAnd()];
    while (isWord('or')) {
      p++;
      nodes.push(parseAnd());
    }
    return nodes.length === 1 ? nodes[0] : { type: 'or', nodes };
  }

  let where: JqlNode = { type: 'all' };
  if (peek() && !isWord('order')) where = parseOr();
  const orderBy: JqlQuery['orderBy'] = [];
  if (isWord('order')) {
    p++;
    if (!isWord('by')) expected("'by'");
    p++;
    for (;;) {
      const f = peek();
      if (!f || (f.t !== 'word' && f.t !== 'str')) return expected('a field name');
      p++;
      let direction: 'asc' | 'desc' = 'asc';
      if (isWord('asc') || isWord('desc')) direction = (tokens[p++].v.toLowerCase() as 'asc' | 'desc');
      orderBy.push({ field: f.v, direction });
      const sep = peek();
      if (sep?.t === 'punct' && sep.v === ',') {
        p++;
        continue;
      }
      break;
    }
  }
  if (peek()) expected("'AND', 'OR' or 'ORDER BY'");
  return { where, orderBy };
}
