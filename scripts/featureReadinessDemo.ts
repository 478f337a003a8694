/**
 * Feature readiness of every demo feature, as the feature panel computes it (over the emulator and harness):
 * how many are ready and how often each finding fires. `npx tsx scripts/featureReadinessDemo.ts [--list]`
 */
import { generateDemoTrain, DEMO } from '../dev/demo/generateDemoTrain';
import { startHarness } from '../dev/harness/server';
import type { Envelope, FeaturePanelData } from '../src/contract';

const NOW = new Date('2026-11-20T10:00:00Z');

(async () => {
  const data = generateDemoTrain({ now: NOW });
  const h = await startHarness({ data, port: 0, now: () => NOW });
  try {
    const features = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1);
    const rules: Record<string, number> = {};
    let ready = 0;
    for (const f of features) {
      const res = await fetch(`${h.url}/harness/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ functionKey: 'getIssuePanel', payload: { issueKey: f.key }, context: {}, accountId: DEMO.users.popm }) });
      const env = (await res.json()) as Envelope<FeaturePanelData>;
      if (!env.ok) throw new Error(`${f.key}: ${env.error.message}`);
      const r = env.data.readiness;
      if (r.ready) ready++;
      for (const x of r.findings) rules[x.rule] = (rules[x.rule] ?? 0) + 1;
      if (process.argv.includes('--list')) console.log(f.key, r.ready ? 'ready' : 'not ready', r.findings.map((x) => x.rule).join(', '));
    }
    console.log(JSON.stringify({ asOf: NOW.toISOString(), features: features.length, ready, findings: rules }));
  } finally {
    await h.close();
  }
})();
