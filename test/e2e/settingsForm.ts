import type { Frame } from 'playwright-core';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../src/domain/settings';

/** The values the refused save types, as the form sends them, and the fields they go in. */
const BAD: { name: 'wsjfScale' | 'maxStoryPoints'; typed: string; sent: Partial<Settings> }[] = [
  { name: 'wsjfScale', typed: '1, 2, 2, 5', sent: { wsjfScale: [1, 2, 2, 5] } },
  { name: 'maxStoryPoints', typed: '500', sent: { maxStoryPoints: 500 } },
];

/** The settings schema's own message for a value (the server's one copy of the rules), not a copy of it. */
function serverMessage(sent: Partial<Settings>): string {
  const r = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...sent });
  if (r.success) throw new Error(`${JSON.stringify(sent)} is valid: the refused save would be saved`);
  return r.error.issues.map((i) => i.message).join('; ');
}

/**
 * On the admin page as an admin: types a non-increasing WSJF scale and a too-large story, saves,
 * and returns, per field, what a person sees: the messages inside that field's @atlaskit/form Field,
 * the messages its input's aria-describedby names, and aria-invalid; `expected` is the schema's
 * message for that value, `others` the field messages anywhere else on the form.
 */
export async function refusedSave(app: Frame) {
  for (const b of BAD) await app.fill(`[data-testid="setting-${b.name}"]`, b.typed);
  await app.click('[data-testid="settings-save"]');
  await app.waitForSelector('[data-testid="settings-field-errors"]');
  const seen = await app.evaluate((names) => {
    const text = (e: Element) => (e.textContent ?? '').trim();
    const all = Array.from(document.querySelectorAll('[data-testid="field-error"]'));
    const byField = names.map((name) => {
      const input = document.querySelector(`[data-testid="setting-${name}"]`);
      const field = document.querySelector(`[data-testid="field-${name}"]`);
      const inField = field ? Array.from(field.querySelectorAll('[data-testid="field-error"]')) : [];
      const described = (input?.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id) => (id ? document.getElementById(id) : null))
        .filter((e): e is HTMLElement => !!e && e.matches('[data-testid="field-error"]'));
      return { name, inField: inField.map(text), described: described.map(text), invalid: input?.getAttribute('aria-invalid') ?? null, els: inField };
    });
    const mine = new Set(byField.flatMap((f) => f.els));
    return { fields: byField.map(({ els: _els, ...f }) => f), others: all.filter((e) => !mine.has(e)).map(text) };
  }, BAD.map((b) => b.name));
  return { ...seen, expected: Object.fromEntries(BAD.map((b) => [b.name, serverMessage(b.sent)])) as Record<string, string> };
}
