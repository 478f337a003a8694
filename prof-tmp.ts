import { readFileSync } from 'node:fs';
import { checkAtomic, parseStoryForm, checkStory } from './src/domain/quality';
const rows = readFileSync('../shared/stories/dalpiaz-dev.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l));
const texts:string[] = []; for (let k=0;k<10;k++) for (const r of rows) texts.push(r.text.replace(/I want to (\w+)/, `I want to $1 item${k}`));
let t0 = performance.now(); const ms = texts.map(t => parseStoryForm(t)?.means ?? ''); console.log('parse', Math.round(performance.now()-t0));
t0 = performance.now(); for (const m of ms) checkAtomic(m); console.log('atomic', Math.round(performance.now()-t0));
t0 = performance.now(); for (const t of texts) checkStory({id:'x', summary: t, storyPoints: 3}); console.log('checkStory warm', Math.round(performance.now()-t0));
