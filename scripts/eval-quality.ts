/**
 * `npm run eval:quality [-- --dir DIR] [--json] [--errors LABEL]`: runs the story-quality engine on the
 * labelled development set (../shared/stories/*.jsonl, README there) and prints precision / recall /
 * agreement per label.
 *
 *  - atomic: the positive class is *non-atomic* (the defect we report).
 *  - hasBenefit, wellFormed: agreement with the annotation (and precision / recall of the positive class).
 *  - hasAcceptanceCriteria: the labelled stories are one-liners without criteria → false-positive count.
 *
 * Unlabelled files (e.g. gitlab-descriptions-dev.jsonl) are reported as "AC detected in n / N".
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkStory, type QualityReport } from '../src/domain/quality';

type Labels = Partial<Record<'atomic' | 'hasBenefit' | 'wellFormed' | 'hasAcceptanceCriteria', boolean>>;
interface Row {
  id: string;
  text?: string;
  summary?: string;
  description?: unknown;
  labels?: Labels;
}

interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const dirIdx = args.indexOf('--dir');
const dir = dirIdx >= 0 && args[dirIdx + 1] ? path.resolve(args[dirIdx + 1]) : path.resolve(__dirname, '../../shared/stories');
const errIdx = args.indexOf('--errors');
const showErrors = errIdx >= 0 ? args[errIdx + 1] : null;

const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
const rows: { file: string; row: Row }[] = [];
for (const file of files) {
  for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      rows.push({ file, row: JSON.parse(line) as Row });
    } catch {
      /* skip malformed line */
    }
  }
}

const conf = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0 });
const labels = { nonAtomic: conf(), hasBenefit: conf(), wellFormed: conf(), hasAcceptanceCriteria: conf() };
const errors: string[] = [];
const unlabelled: Record<string, { n: number; ac: number }> = {};

function add(c: Confusion, predicted: boolean, actual: boolean) {
  if (predicted && actual) c.tp++;
  else if (predicted && !actual) c.fp++;
  else if (!predicted && actual) c.fn++;
  else c.tn++;
}

const t0 = performance.now();
for (const { file, row } of rows) {
  const summary = row.text ?? row.summary ?? '';
  const report: QualityReport = checkStory({ id: String(row.id), summary, description: row.description ?? null });
  const l = row.labels;
  if (!l) {
    const u = (unlabelled[file] ??= { n: 0, ac: 0 });
    u.n++;
    if (report.hasAcceptanceCriteria) u.ac++;
    continue;
  }
  const checks: [keyof typeof labels, boolean, boolean | undefined][] = [
    ['nonAtomic', !report.atomic, l.atomic === undefined ? undefined : !l.atomic],
    ['hasBenefit', report.hasBenefit, l.hasBenefit],
    ['wellFormed', report.wellFormed, l.wellFormed],
    ['hasAcceptanceCriteria', report.hasAcceptanceCriteria, l.hasAcceptanceCriteria],
  ];
  for (const [name, predicted, actual] of checks) {
    if (actual === undefined) continue;
    add(labels[name], predicted, actual);
    if (showErrors === name && predicted !== actual) errors.push(`${predicted ? 'FP' : 'FN'} ${row.id}: ${summary}`);
  }
}
const ms = performance.now() - t0;

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
const metrics = Object.fromEntries(
  Object.entries(labels).map(([name, c]) => {
    const n = c.tp + c.fp + c.fn + c.tn;
    return [name, { n, ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn), agreement: ratio(c.tp + c.tn, n) }];
  }),
);

const result = { dir, files, stories: rows.length, ms: Math.round(ms), metrics, unlabelled };
if (json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const fmt = (v: number | null) => (v === null ? '  n/a' : v.toFixed(3));
  const out: string[] = [];
  out.push(`Story quality on ${rows.length} stories from ${files.join(', ')} (${Math.round(ms)} ms)`);
  out.push('');
  out.push('label                    n    TP   FP   FN    TN  precision  recall  agreement');
  for (const [name, m] of Object.entries(metrics)) {
    out.push(`${name.padEnd(22)} ${String(m.n).padStart(4)} ${String(m.tp).padStart(5)} ${String(m.fp).padStart(4)} ${String(m.fn).padStart(4)} ${String(m.tn).padStart(5)}  ${fmt(m.precision).padStart(9)} ${fmt(m.recall).padStart(7)} ${fmt(m.agreement).padStart(10)}`);
  }
  out.push('');
  out.push('nonAtomic: positive class = not atomic. hasAcceptanceCriteria: every labelled story is false, so FP = false detections.');
  for (const [file, u] of Object.entries(unlabelled)) out.push(`${file} (unlabelled): acceptance criteria detected in ${u.ac} / ${u.n}`);
  if (showErrors) out.push('', ...errors);
  process.stdout.write(`${out.join('\n')}\n`);
}
