import { readFileSync } from 'node:fs';
import { checkStories } from './src/domain/quality';
const rows = readFileSync('../shared/stories/dalpiaz-dev.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l));
const a = []; for (let k=0;k<10;k++) for (const r of rows) a.push({ id: r.id+k, summary: /so that/.test(r.text) ? r.text.replace(/,? so that/, ` today${k}, so that`) : `${r.text} today${k}`, storyPoints: 3 });
let t0 = performance.now(); checkStories(a.slice(0,10000)); console.log('cold unique 10k', Math.round(performance.now()-t0));
t0 = performance.now(); checkStories(a.slice(0,10000)); console.log('warm 10k', Math.round(performance.now()-t0));
