import { SCENARIOS, runScenario, cellProblems, surfacesOf, subjectsOf } from './fault-matrix';
(async () => {
  const ids = process.argv.slice(2);
  for (const sc of SCENARIOS.filter((s) => ids.includes(s.id))) {
    const cells = await runScenario(sc);
    for (const c of cells) console.log(sc.id, c.surface, c.envelope.ok ? 'ok' : JSON.stringify(c.envelope.error), c.requests, c.ms);
  }
})();
