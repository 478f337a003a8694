import { createInterface } from 'node:readline';
import { checkStory, type QualityReport, type StoryInput } from '../domain/quality';

export interface QualityCliIo {
  stdin: NodeJS.ReadableStream;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** The stable output record of `refinery quality --json` (README "CLI"): exactly these keys, in this order. */
export function toJsonRecord(r: QualityReport) {
  return {
    id: r.id,
    ready: r.ready,
    hasAcceptanceCriteria: r.hasAcceptanceCriteria,
    wellFormed: r.wellFormed,
    atomic: r.atomic,
    hasBenefit: r.hasBenefit,
    score: r.score,
    findings: r.findings.map((f) => ({ rule: f.rule, criterion: f.criterion, severity: f.severity, message: f.message, hint: f.hint, evidence: f.evidence })),
  };
}

type Parsed = { ok: true; input: StoryInput; idOut: string | number } | { ok: false; id: string | number | null; error: string };

function parseLine(line: string, lineNo: number): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, id: null, error: `line ${lineNo}: not valid JSON` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, id: null, error: `line ${lineNo}: expected a JSON object with "id" and "summary"` };
  const o = value as Record<string, unknown>;
  const id = typeof o.id === 'string' || (typeof o.id === 'number' && Number.isFinite(o.id)) ? o.id : null;
  if (id === null) return { ok: false, id: null, error: `line ${lineNo}: "id" must be a string or a number` };
  if (typeof o.summary !== 'string') return { ok: false, id, error: `line ${lineNo}: "summary" must be a string` };
  if (o.storyPoints !== undefined && o.storyPoints !== null && (typeof o.storyPoints !== 'number' || !Number.isFinite(o.storyPoints))) {
    return { ok: false, id, error: `line ${lineNo}: "storyPoints" must be a number` };
  }
  return {
    ok: true,
    idOut: id,
    input: {
      id: String(id),
      summary: o.summary,
      description: o.description ?? null,
      acceptanceCriteria: o.acceptanceCriteria ?? null,
      storyPoints: typeof o.storyPoints === 'number' ? o.storyPoints : null,
    },
  };
}

function humanLine(r: QualityReport): string {
  const flags = [r.ready ? 'READY' : 'NOT READY', `score ${r.score.toFixed(2)}`, r.hasAcceptanceCriteria ? 'AC' : 'no AC', r.wellFormed ? 'well-formed' : 'not well-formed', r.atomic ? 'atomic' : 'not atomic', r.hasBenefit ? 'benefit' : 'no benefit'];
  const head = `${r.id}: ${flags.join(', ')}`;
  return [head, ...r.findings.map((f) => `  ${f.severity.padEnd(7)} ${f.criterion.padEnd(7)} ${f.rule}: ${f.message}`)].join('\n');
}

type MarkupOption = 'auto' | 'markdown' | 'wiki' | 'plain';
const MARKUPS: readonly MarkupOption[] = ['auto', 'markdown', 'wiki', 'plain'];

/**
 * Text fields (not ADF) are turned into the ADF Jira would store, by Atlassian's Markdown or wiki-markup transformer
 * (`--markup`, default `auto`: wiki markup when it has wiki's own syntax, else Markdown). `plain` keeps the engine's
 * own light reader, as the Forge function uses. Loaded only when a text field arrives: the transformers cost ~0.3 s.
 */
function textReader(markup: MarkupOption): (v: unknown) => Promise<unknown> {
  let mod: typeof import('../domain/quality/textToAdf') | null = null;
  return async (v) => {
    if (markup === 'plain' || typeof v !== 'string' || !v.trim() || v.trim().startsWith('{')) return v;
    mod ??= await import('../domain/quality/textToAdf');
    try {
      return mod.textToAdf(v, markup === 'auto' ? mod.guessMarkup(v) : markup);
    } catch {
      // A text the transformer cannot parse is still checked, as text.
      return v;
    }
  };
}

async function run(args: readonly string[], io: QualityCliIo): Promise<number> {
  const json = args.includes('--json');
  const mi = args.indexOf('--markup');
  const markup = (mi >= 0 ? args[mi + 1] : 'auto') as MarkupOption;
  if (!MARKUPS.includes(markup)) {
    io.stderr.write(`refinery quality: --markup must be one of ${MARKUPS.join(', ')}.\n`);
    return 2;
  }
  const read = textReader(markup);
  let lineNo = 0;
  let invalid = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    const parsed = parseLine(line, lineNo);
    if (!parsed.ok) {
      invalid++;
      if (json) io.stdout.write(`${JSON.stringify({ id: parsed.id, error: parsed.error })}\n`);
      else io.stderr.write(`refinery quality: ${parsed.error}\n`);
      continue;
    }
    const input = { ...parsed.input, description: await read(parsed.input.description), acceptanceCriteria: await read(parsed.input.acceptanceCriteria) };
    const report = checkStory(input);
    if (json) io.stdout.write(`${JSON.stringify({ ...toJsonRecord(report), id: parsed.idOut })}\n`);
    else io.stdout.write(`${humanLine(report)}\n`);
  }
  if (!json && invalid) io.stderr.write(`refinery quality: ${invalid} invalid line${invalid === 1 ? '' : 's'} skipped.\n`);
  // Errors are reported in the output, line by line; the run itself succeeded (exit 0), so a pipeline keeps going.
  return 0;
}

/**
 * `refinery quality [--json] < stories.jsonl` (stable contract, README "CLI"): one JSON object per
 * input line `{"id","summary","description"?,"acceptanceCriteria"?,"storyPoints"?}` → one result per
 * line, in input order. An invalid line yields `{"id":null|id,"error":"…"}` and processing goes on.
 * Exit code 0 (invalid lines are reported in the output); 2 for bad arguments.
 *
 * Also callable as `runQualityCli(stdin, stdout, stderr?)` (always JSON), the form `main.ts` uses.
 */
export async function runQualityCli(args: string[], io: QualityCliIo): Promise<number>;
export async function runQualityCli(stdin: NodeJS.ReadableStream, stdout: { write(s: string): unknown }, stderr?: { write(s: string): unknown }): Promise<number>;
export async function runQualityCli(
  a: string[] | NodeJS.ReadableStream,
  b: QualityCliIo | { write(s: string): unknown },
  c?: { write(s: string): unknown },
): Promise<number> {
  if (Array.isArray(a)) return run(a, b as QualityCliIo);
  return run(['--json'], { stdin: a as NodeJS.ReadableStream, stdout: b as { write(s: string): unknown }, stderr: c ?? process.stderr });
}
