import { kvs, WhereConditions } from '@forge/kvs';
import type { KeyValueStore } from './keyValueStore';
import { assertStorable, KVS_QUERY_PAGE_SIZE } from './limits';

/** Forge Key-Value Store (the `storage` export of @forge/api is gone since v8). */
export class KvsStore implements KeyValueStore {
  async get<T>(key: string): Promise<T | undefined> {
    return kvs.get<T>(key);
  }

  async set<T>(key: string, value: T): Promise<void> {
    // Checked here so the error names the key and the limit, not Forge's bare MAX_SIZE.
    assertStorable(key, value);
    await kvs.set(key, value);
  }

  async delete(key: string): Promise<void> {
    await kvs.delete(key);
  }

  async list<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    const out: { key: string; value: T }[] = [];
    let cursor: string | undefined;
    do {
      let q = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(KVS_QUERY_PAGE_SIZE);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany<T>();
      out.push(...page.results.map((r) => ({ key: r.key, value: r.value })));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}
