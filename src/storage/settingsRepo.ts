import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../domain/settings';
import type { KeyValueStore } from './keyValueStore';

const KEY = 'settings:v1';

/** Stored settings merged over defaults; a stored value that no longer parses falls back to defaults. */
export async function loadSettings(store: KeyValueStore): Promise<Settings> {
  const stored = await store.get<Partial<Settings>>(KEY);
  if (!stored) return DEFAULT_SETTINGS;
  const merged = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored, dor: { ...DEFAULT_SETTINGS.dor, ...(stored.dor ?? {}) } });
  return merged.success ? merged.data : DEFAULT_SETTINGS;
}

export async function saveSettings(store: KeyValueStore, settings: Settings): Promise<void> {
  await store.set(KEY, settings);
}
