/**
 * `npm run demo:data [-- --out <dir>] [--seed <n>] [--now <iso>] [--scale <x>]`: writes the demo train
 * as an emulator data directory (one pretty-printed JSON file per collection), loadable with
 * `npm start -- --data <dir>`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeDataDir } from '../emulator/loadDataDir';
import { DATA_FILES } from '../emulator/dataset';
import { generateDemoTrain } from './generateDemoTrain';

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'demo-data' },
      seed: { type: 'string' },
      now: { type: 'string' },
      scale: { type: 'string' },
    },
  });
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  if (scale !== undefined && !(scale > 0)) throw new Error(`--scale must be a positive number, got ${values.scale}`);
  if (values.now !== undefined && Number.isNaN(Date.parse(values.now))) throw new Error(`--now must be an ISO date, got ${values.now}`);
  const data = generateDemoTrain({ seed, scale, now: values.now });
  const dir = path.resolve(values.out);
  writeDataDir(dir, data);
  const counts = DATA_FILES.map((f) => `${f}: ${data[f]?.length ?? 0}`).join(', ');
  console.log(`Wrote the demo train to ${dir} (${counts}).`);
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
