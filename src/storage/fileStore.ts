import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { MemoryStore } from './memoryStore';

/**
 * Local persistence for the harness and CLI: one JSON file, written atomically (temp file +
 * rename). Writes are coalesced: many changes in one tick (a refresh writes many chunks) cost one
 * file write; pending changes are flushed on exit.
 */
export class FileStore extends MemoryStore {
  private pending: NodeJS.Immediate | null = null;

  constructor(private readonly file: string) {
    super();
    if (existsSync(file)) {
      const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      for (const [k, v] of Object.entries(data)) this.map.set(k, JSON.stringify(v));
    }
    process.once('exit', () => this.flush());
  }

  protected override changed(): void {
    if (this.pending) return;
    this.pending = setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
    mkdirSync(dirname(this.file), { recursive: true });
    const obj: Record<string, unknown> = {};
    for (const [k, v] of this.map) obj[k] = JSON.parse(v);
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(obj));
    renameSync(tmp, this.file);
  }
}
