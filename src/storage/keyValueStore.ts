/** The storage seam: Forge KVS in production, memory or a JSON file locally. Values are JSON. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys and values whose key starts with `prefix`. */
  list<T>(prefix: string): Promise<{ key: string; value: T }[]>;
}
