import type { KeyValueStore } from './keyValueStore';
import { assertStorable } from './limits';

export class MemoryStore implements KeyValueStore {
  protected readonly map = new Map<string, string>();

  async get<T>(key: string): Promise<T | undefined> {
    const v = this.map.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  async set<T>(key: string, value: T): Promise<void> {
    // Forge's limits apply locally too, so a value too large for Forge fails in the tests first.
    assertStorable(key, value);
    // Stored as JSON text so callers can never mutate what is stored by reference (as in KVS).
    this.map.set(key, JSON.stringify(value));
    this.changed();
  }

  async delete(key: string): Promise<void> {
    this.map.delete(key);
    this.changed();
  }

  async list<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    return [...this.map.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, v]) => ({ key, value: JSON.parse(v) as T }));
  }

  protected changed(): void {}
}
