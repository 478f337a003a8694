import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { MemoryStore } from './memoryStore';

/** Local persistence for the harness and CLI: one JSON file, written atomically on each change. */
export class FileStore extends MemoryStore {
  constructor(private readonly file: string) {
    super();
    if (existsSync(file)) {
      const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      for (const [k, v] of Object.entries(data)) this.map.set(k, JSON.stringify(v));
    }
  }

  protected override changed(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const obj: Record<string, unknown> = {};
    for (const [k, v] of this.map) obj[k] = JSON.parse(v);
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(obj, null, 1));
    renameSync(tmp, this.file);
  }
}
