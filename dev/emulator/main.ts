/**
 * A standalone emulator process (no UI): `tsx dev/emulator/main.ts [--data DIR | --scale X] [--port N]`.
 * Prints one JSON line `{"url","issues"}` when it listens. The benchmark runs it as a child process
 * so the app's memory is measured without the emulator's.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { generateDemoTrain } from '../demo/generateDemoTrain';
import { loadDataDir } from './loadDataDir';
import { manifestAliases } from './manifestAliases';
import { startEmulator } from './server';
import { trainOfSize } from '../demo/trainOfSize';

async function main() {
  const { values } = parseArgs({ options: { data: { type: 'string' }, scale: { type: 'string' }, issues: { type: 'string' }, seed: { type: 'string' }, now: { type: 'string' }, port: { type: 'string' } } });
  const seed = values.seed ? Number(values.seed) : undefined;
  const now = values.now ? new Date(values.now) : undefined;
  let data;
  if (values.data) data = loadDataDir(path.resolve(values.data));
  // A train of about this many issues (the generator's size is not linear in its scale).
  else if (values.issues) data = trainOfSize(Number(values.issues), now, seed);
  else data = generateDemoTrain({ scale: Number(values.scale ?? 1), seed, now });
  const em = await startEmulator(data, { port: Number(values.port ?? 0), propertyAliases: manifestAliases() });
  process.stdout.write(`${JSON.stringify({ url: em.url, issues: data.issues.length })}\n`);
  const stop = () => em.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
