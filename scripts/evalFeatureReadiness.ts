/**
 * Measures the benefit-hypothesis rule of feature readiness (src/domain/quality/benefitHypothesis.ts) on the
 * GitLab descriptions labelled in test/fixtures/quality/features/gitlab-benefit-labels.jsonl (ids and labels only;
 * the CC BY-NC-SA texts are read from ../shared/stories/). Each description goes through Atlassian's Markdown
 * transformer into the ADF Jira would store, as the feature panel would read it.
 *
 * Two figures, never mixed: `train` (the half looked at while writing the patterns) and `heldout` (the other half,
 * labelled before the detector was run on it). `--errors` lists the training half's disagreements only.
 *
 *   npx tsx scripts/evalFeatureReadiness.ts [--errors]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readText } from '../src/domain/quality/adf';
import { detectBenefitHypothesis } from '../src/domain/quality/benefitHypothesis';
import { textToAdf } from '../src/domain/quality/textToAdf';

type Label = { id: string; split: 'train' | 'heldout'; label: 'benefit' | 'no-benefit' };
const root = path.resolve(__dirname, '..');
const labels: Label[] = readFileSync(path.join(root, 'test/fixtures/quality/features/gitlab-benefit-labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const texts = new Map<string, { summary: string; description: string }>(
  readFileSync(path.resolve(root, '../shared/stories/gitlab-descriptions-dev.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .map((r) => [r.id, r]),
);

const showErrors = process.argv.includes('--errors');
for (const split of ['train', 'heldout'] as const) {
  const rows = labels.filter((l) => l.split === split);
  if (!rows.length) continue;
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const l of rows) {
    const t = texts.get(l.id);
    if (!t) throw new Error(`no description ${l.id} in ../shared/stories`);
    // HTML comments are template guidance Markdown does not render (the labels skipped them, as for eval:quality).
    const adf = textToAdf((t.description ?? '').replace(/<!--[\s\S]*?-->/g, ''), 'markdown');
    const d = detectBenefitHypothesis(readText(null), readText(adf));
    const want = l.label === 'benefit';
    if (d.found && want) tp++;
    else if (d.found) fp++;
    else if (want) fn++;
    else tn++;
    if (showErrors && split === 'train' && d.found !== want) console.log(`${want ? 'MISSED' : 'FALSE '} ${l.id} ${t.summary.slice(0, 60)} | ${d.route ?? ''} ${d.evidence.slice(0, 120)}`);
  }
  const p = tp + fp ? tp / (tp + fp) : NaN;
  const r = tp + fn ? tp / (tp + fn) : NaN;
  console.log(`${split}: n=${rows.length} benefit=${tp + fn} tp=${tp} fp=${fp} fn=${fn} tn=${tn} precision=${p.toFixed(2)} recall=${r.toFixed(2)}`);
}
