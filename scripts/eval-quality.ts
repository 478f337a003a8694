/**
 * `npm run eval:quality [-- --dir DIR] [--json] [--errors LABEL] [--form FORM]`: runs the story-quality engine
 * on the labelled development sets and prints precision / recall.
 *
 * 1. Descriptions (../shared/stories/gitlab-descriptions-dev.jsonl, labels in
 *    test/fixtures/quality/gitlab-descriptions-labels.jsonl; rules in test/fixtures/quality/README.md):
 *    acceptance criteria present / empty section / none, measured in four forms of the same description.
 *    - markdown: the Markdown text as the CLI or an import receives it;
 *    - adf: the ADF Jira's editor stores for it (Atlassian's Markdown transformer);
 *    - wiki: the wiki markup a Server/DC site or the v2 API carries (Atlassian's wiki encoder, from that ADF), read as text;
 *    - wiki→adf: that wiki markup parsed back into ADF by Atlassian's wiki transformer.
 *    Plus the figures per project, since one project's template dominates the set.
 * 2. One-line stories (dalpiaz-dev.jsonl, 15 backlogs): non-atomic, benefit. Whole-set figures are training figures
 *    (the rules were tuned on this set). Next to them, each backlog as held-out set (leave-one-backlog-out): the engine
 *    learns nothing from data, so holding a backlog out changes no rule, and the per-backlog spread (mean, worst) is
 *    the honest estimate of what another backlog gets. Rows a constant would score perfectly (one class only) are dropped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WikiMarkupTransformer } from '@atlaskit/editor-wikimarkup-transformer';
import { JSONTransformer } from '@atlaskit/editor-json-transformer';
import { defaultSchema } from '@atlaskit/adf-schema/schema-default';
import { checkStory, type QualityReport } from '../src/domain/quality';
import { textToAdf } from '../src/domain/quality/textToAdf';

const args = process.argv.slice(2);
const json = args.includes('--json');
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = path.resolve(opt('--dir') ?? path.resolve(__dirname, '../../shared/stories'));
const showErrors = opt('--errors') ?? null;
const errorForm = opt('--form') ?? 'markdown';

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}
const conf = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0 });
function add(c: Confusion, predicted: boolean, actual: boolean) {
  if (predicted && actual) c.tp++;
  else if (predicted) c.fp++;
  else if (actual) c.fn++;
  else c.tn++;
}
const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
const metrics = (c: Confusion) => ({ ...c, n: c.tp + c.fp + c.fn + c.tn, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn), agreement: ratio(c.tp + c.tn, c.tp + c.fp + c.fn + c.tn) });
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '  n/a' : v.toFixed(3));
const out: string[] = [];
const errors: string[] = [];

// --- 1. descriptions ------------------------------------------------------------------------------

type Label = 'has-ac' | 'empty-ac' | 'no-ac';
interface Description {
  id: string;
  source: string;
  summary: string;
  description: string;
}
const descriptions = readJsonl<Description>(path.join(dir, 'gitlab-descriptions-dev.jsonl'));
const labels = new Map(readJsonl<{ id: string; label: Label }>(path.resolve(__dirname, '../test/fixtures/quality/gitlab-descriptions-labels.jsonl')).map((l) => [l.id, l.label]));
const labelled = descriptions.filter((d) => labels.has(d.id));

const wikiEncoder = new WikiMarkupTransformer(defaultSchema);
const jsonT = new JSONTransformer();
const FORMS = ['markdown', 'adf', 'wiki', 'wiki→adf'] as const;
type Form = (typeof FORMS)[number];

/** The description in each form; a transformer that fails on a description is counted, not hidden. */
function forms(d: Description): Partial<Record<Form, unknown>> & { failed: Form[] } {
  const r: Partial<Record<Form, unknown>> & { failed: Form[] } = { markdown: d.description, failed: [] };
  try {
    r.adf = textToAdf(d.description, 'markdown');
  } catch {
    r.failed.push('adf', 'wiki', 'wiki→adf');
    return r;
  }
  try {
    r.wiki = wikiEncoder.encode(jsonT.parse(r.adf as Parameters<JSONTransformer['parse']>[0]));
    r['wiki→adf'] = textToAdf(r.wiki as string, 'wiki');
  } catch {
    r.failed.push('wiki', 'wiki→adf');
  }
  return r;
}

const predictedLabel = (r: QualityReport): Label => (r.hasAcceptanceCriteria ? 'has-ac' : r.findings.some((f) => f.rule === 'ac-not-written') ? 'empty-ac' : 'no-ac');
const project = (source: string) => /gitlab\.com\/([^/]+)/.exec(source)?.[1] ?? 'other';

const perForm = Object.fromEntries(FORMS.map((f) => [f, { present: conf(), empty: conf(), agree: 0, n: 0, failed: 0, ms: 0 }]));
const perProject: Record<string, Confusion> = {};
const convertStart = performance.now();
const converted = labelled.map((d) => ({ d, label: labels.get(d.id)!, forms: forms(d) }));
const convertMs = performance.now() - convertStart;
for (const { d, label, forms: fs } of converted) {
  for (const form of FORMS) {
    const pf = perForm[form];
    if (fs.failed.includes(form)) {
      pf.failed++;
      continue;
    }
    const t0 = performance.now();
    const report = checkStory({ id: d.id, summary: d.summary, description: fs[form] });
    pf.ms += performance.now() - t0;
    const p = predictedLabel(report);
    add(pf.present, p === 'has-ac', label === 'has-ac');
    add(pf.empty, p === 'empty-ac', label === 'empty-ac');
    pf.n++;
    if (p === label) pf.agree++;
    if (form === 'markdown') add((perProject[project(d.source)] ??= conf()), p === 'has-ac', label === 'has-ac');
    if (showErrors && form === errorForm && p !== label && (showErrors === 'all' || showErrors === label || showErrors === p)) errors.push(`${d.id} labelled ${label}, engine ${p}: ${d.summary.slice(0, 70)} (${d.source})`);
  }
}

const mdMs = perForm.markdown.ms;
const sizes = labelled.map((d) => d.description.length).sort((a, b) => a - b);
out.push(`Acceptance criteria on ${labelled.length} labelled GitLab descriptions (median ${sizes[Math.floor(sizes.length / 2)]} characters), labels: ${[...new Set(labels.values())].map((l) => `${l} ${[...labels.values()].filter((x) => x === l).length}`).join(', ')}`);
out.push('');
out.push('form        n  | AC present: TP  FP  FN  precision recall | empty section: TP FP FN precision recall | 3-class agreement');
for (const form of FORMS) {
  const pf = perForm[form];
  const a = metrics(pf.present);
  const e = metrics(pf.empty);
  out.push(`${form.padEnd(9)} ${String(pf.n).padStart(4)}  |            ${String(a.tp).padStart(3)} ${String(a.fp).padStart(3)} ${String(a.fn).padStart(3)}  ${fmt(a.precision).padStart(9)} ${fmt(a.recall).padStart(6)} |               ${String(e.tp).padStart(2)} ${String(e.fp).padStart(2)} ${String(e.fn).padStart(2)} ${fmt(e.precision).padStart(9)} ${fmt(e.recall).padStart(6)} | ${fmt(ratio(pf.agree, pf.n))}${pf.failed ? `  (${pf.failed} not converted)` : ''}`);
}
out.push('');
out.push('per label (markdown form): label      n  precision recall');
for (const lab of ['has-ac', 'empty-ac', 'no-ac'] as const) {
  const c = conf();
  for (const { d, label, forms: fs } of converted) add(c, predictedLabel(checkStory({ id: d.id, summary: d.summary, description: fs.markdown })) === lab, label === lab);
  const m = metrics(c);
  out.push(`                           ${lab.padEnd(9)} ${String(m.tp + m.fn).padStart(4)}  ${fmt(m.precision).padStart(9)} ${fmt(m.recall).padStart(6)}`);
}
out.push('');
out.push('AC present per project (markdown form; one project\'s template dominates the whole-set figure):');
for (const [p, c] of Object.entries(perProject).sort((a, b) => b[1].tp + b[1].fn + b[1].fp + b[1].tn - (a[1].tp + a[1].fn + a[1].fp + a[1].tn))) {
  const m = metrics(c);
  out.push(`  ${p.padEnd(22)} n ${String(m.n).padStart(3)}  with AC ${String(m.tp + m.fn).padStart(3)}  TP ${String(m.tp).padStart(3)} FP ${String(m.fp).padStart(2)} FN ${String(m.fn).padStart(2)}  precision ${fmt(m.precision)} recall ${fmt(m.recall)}`);
}
out.push('');
out.push(`Throughput: ${Math.round(labelled.length / (mdMs / 1000))} descriptions/s as Markdown text, ${Math.round(labelled.length / (perForm.adf.ms / 1000))}/s as ADF (checkStory only; Atlassian's transformers took ${Math.round(convertMs)} ms for all conversions).`);
out.push('These are figures on the descriptions the rules were developed against (training figures), not on unseen projects.');

// --- 2. one-line stories -----------------------------------------------------------------------------

interface StoryRow {
  id: string;
  dataset: string;
  text: string;
  labels: { atomic: boolean; hasBenefit: boolean; wellFormed: boolean; hasAcceptanceCriteria: boolean };
}
const stories = readJsonl<StoryRow>(path.join(dir, 'dalpiaz-dev.jsonl'));
type StoryLabel = 'nonAtomic' | 'hasBenefit' | 'wellFormed' | 'hasAcceptanceCriteria';
const STORY_LABELS: StoryLabel[] = ['nonAtomic', 'hasBenefit', 'wellFormed', 'hasAcceptanceCriteria'];
const whole = Object.fromEntries(STORY_LABELS.map((l) => [l, conf()])) as Record<StoryLabel, Confusion>;
const byBacklog: Record<string, Record<StoryLabel, Confusion>> = {};
const s0 = performance.now();
for (const row of stories) {
  const r = checkStory({ id: row.id, summary: row.text });
  const pairs: [StoryLabel, boolean, boolean][] = [
    ['nonAtomic', !r.atomic, !row.labels.atomic],
    ['hasBenefit', r.hasBenefit, row.labels.hasBenefit],
    ['wellFormed', r.wellFormed, row.labels.wellFormed],
    ['hasAcceptanceCriteria', r.hasAcceptanceCriteria, row.labels.hasAcceptanceCriteria],
  ];
  const b = (byBacklog[row.dataset] ??= Object.fromEntries(STORY_LABELS.map((l) => [l, conf()])) as Record<StoryLabel, Confusion>);
  for (const [l, p, a] of pairs) {
    add(whole[l], p, a);
    add(b[l], p, a);
    if (showErrors === l && p !== a) errors.push(`${p ? 'FP' : 'FN'} ${row.id}: ${row.text}`);
  }
}
const storyMs = performance.now() - s0;
const singleClass = (c: Confusion) => c.tp + c.fn === 0 || c.fp + c.tn === 0;
out.push('');
out.push(`One-line stories: ${stories.length} from ${Object.keys(byBacklog).length} backlogs (${Math.round(stories.length / (storyMs / 1000))} stories/s)`);
out.push('label           whole set (training): n  TP  FP  FN  precision recall agreement | leave-one-backlog-out: backlogs  mean P  mean R  worst P  worst R  mean agreement');
const lobo: Record<string, unknown> = {};
for (const l of STORY_LABELS) {
  const m = metrics(whole[l]);
  if (singleClass(whole[l])) {
    out.push(`${l.padEnd(22)} dropped: every story is ${whole[l].tp + whole[l].fn ? 'positive' : 'negative'}, so a constant scores it perfectly (engine: ${m.fp + m.fn} disagreements of ${m.n}).`);
    continue;
  }
  const held = Object.entries(byBacklog).filter(([, c]) => !singleClass(c[l])).map(([name, c]) => ({ name, ...metrics(c[l]) }));
  const ps = held.map((h) => h.precision).filter((x): x is number => x !== null);
  const rs = held.map((h) => h.recall).filter((x): x is number => x !== null);
  const as = held.map((h) => h.agreement).filter((x): x is number => x !== null);
  const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 1000) / 1000 : null);
  const min = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
  lobo[l] = { backlogs: held.length, meanPrecision: mean(ps), meanRecall: mean(rs), worstPrecision: min(ps), worstRecall: min(rs), meanAgreement: mean(as), held };
  out.push(`${l.padEnd(22)} ${String(m.n).padStart(14)} ${String(m.tp).padStart(4)} ${String(m.fp).padStart(3)} ${String(m.fn).padStart(3)}  ${fmt(m.precision).padStart(9)} ${fmt(m.recall).padStart(6)} ${fmt(m.agreement).padStart(9)} | ${String(held.length).padStart(24)}  ${fmt(mean(ps)).padStart(6)}  ${fmt(mean(rs)).padStart(6)}  ${fmt(min(ps)).padStart(7)}  ${fmt(min(rs)).padStart(7)}  ${fmt(mean(as)).padStart(14)}`);
}
out.push('Leave-one-backlog-out: each backlog scored as the held-out set, skipping backlogs where the label has one class; the rules have no fitted parameters, so this is the spread another backlog can expect.');
if (showErrors) out.push('', ...errors);

if (json) {
  process.stdout.write(
    `${JSON.stringify({
      descriptions: { n: labelled.length, forms: Object.fromEntries(FORMS.map((f) => [f, { present: metrics(perForm[f].present), empty: metrics(perForm[f].empty), agreement: ratio(perForm[f].agree, perForm[f].n), failed: perForm[f].failed }])), perProject: Object.fromEntries(Object.entries(perProject).map(([p, c]) => [p, metrics(c)])), descriptionsPerSec: Math.round(labelled.length / (mdMs / 1000)) },
      stories: { n: stories.length, whole: Object.fromEntries(STORY_LABELS.map((l) => [l, metrics(whole[l])])), leaveOneBacklogOut: lobo },
    })}\n`,
  );
} else {
  process.stdout.write(`${out.join('\n')}\n`);
}
