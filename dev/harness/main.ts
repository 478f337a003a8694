/**
 * `npm start`: the Jira Cloud emulator with the demo train (or `--data <dir>`), and the app's
 * Custom UI in a Jira-like chrome, on one port (PORT, default 3000).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { loadDataDir } from '../emulator/loadDataDir';
import { generateDemoTrain } from '../demo/generateDemoTrain';
import { FileStore } from '../../src/storage/fileStore';
import { startHarness } from './server';

async function main() {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, store: { type: 'string' } },
    allowPositionals: false,
  });
  const data = values.data ? loadDataDir(path.resolve(values.data)) : generateDemoTrain();
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const harness = await startHarness({
    data,
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    store: new FileStore(path.resolve(values.store ?? '.refinery-data/store.json')),
  });
  const issues = data.issues.length;
  console.log(`Refinery is running at ${harness.url}/`);
  console.log(`  Jira Cloud emulator: ${harness.url}/rest/api/3/myself (${values.data ? `data from ${values.data}` : 'demo train'}, ${issues} issues)`);
  console.log(`  Project page: ${harness.url}/projects/${data.projects[0]?.key}/refinery   Settings: ${harness.url}/admin/refinery`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => harness.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`Refinery could not start: ${(e as Error).message}`);
  process.exit(1);
});
