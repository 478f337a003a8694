/**
 * JQL injection: any string a user or Jira data can supply, quoted by jqlString/jqlList, is read back
 * by the emulator's JQL parser (a Jira-faithful tokenizer) as exactly one clause with exactly that
 * value — so a hostile label, key, team or sprint name cannot widen or escape a query.
 */
import fc from 'fast-check';
import { parseJql, type JqlNode } from '../../dev/emulator/jql';
import { and, jqlList, jqlString } from '../../src/jira/jql';

const JQL_RUNS = { single: 2000, list: 1000, scoped: 1000 };

/** jqlString turns line breaks into a space (JQL has no newline escape); everything else is exact. */
const expected = (x: string) => x.replace(/[\r\n]+/g, ' ');

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('"', "'", '\\', ' ', '(', ')', ',', '=', '!', '~', 'O', 'R', 'A', 'N', 'D', '\n', 'x'), maxLength: 40 }),
  fc.constantFrom('" OR project != ART OR labels = "', "' OR 1=1 --", '\\" OR key is not EMPTY OR "', 'x") OR (project = SECRET', '\\', '"', ''),
);

function clauses(n: JqlNode): JqlNode[] {
  if (n.type === 'and' || n.type === 'or') return n.nodes.flatMap(clauses);
  if (n.type === 'not') return clauses(n.node);
  return [n];
}

describe('JQL builder against the emulator parser (fast-check)', () => {
  it(`labels = jqlString(x) is one clause with value x (${JQL_RUNS.single} runs)`, () => {
    fc.assert(
      fc.property(hostile, (x) => {
        const q = parseJql(`labels = ${jqlString(x)}`);
        expect(q.where).toEqual({ type: 'clause', field: 'labels', op: '=', values: [{ kind: 'string', value: expected(x) }] });
        expect(q.orderBy).toEqual([]);
      }),
      { numRuns: JQL_RUNS.single, seed: 9 },
    );
  });

  it(`key in jqlList(xs) is one clause listing exactly xs (${JQL_RUNS.list} runs)`, () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 6 }), (xs) => {
        const q = parseJql(`key in ${jqlList(xs)}`);
        expect(q.where).toEqual({ type: 'clause', field: 'key', op: 'in', values: xs.map((x) => ({ kind: 'string', value: expected(x) })) });
      }),
      { numRuns: JQL_RUNS.list, seed: 9 },
    );
  });

  it(`a hostile team or sprint name stays inside the project scope (${JQL_RUNS.scoped} runs)`, () => {
    fc.assert(
      fc.property(hostile, hostile, (team, sprint) => {
        const q = parseJql(`${and('project = ART', `Team = ${jqlString(team)}`, `sprint = ${jqlString(sprint)}`)} ORDER BY Rank ASC`);
        // The top node is an AND whose first clause is the project scope; no OR anywhere.
        expect(q.where.type).toBe('and');
        const cs = clauses(q.where);
        expect(cs).toHaveLength(3);
        expect(cs[0]).toEqual({ type: 'clause', field: 'project', op: '=', values: [{ kind: 'string', value: 'ART' }] });
        expect(JSON.stringify(q.where)).not.toMatch(/"type":"(or|not)"/);
        expect(q.orderBy).toEqual([{ field: 'Rank', direction: 'asc' }]);
      }),
      { numRuns: JQL_RUNS.scoped, seed: 9 },
    );
  });
});
