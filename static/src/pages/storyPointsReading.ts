import type { SettingsData } from '../components/types';

/** A piece of the hint: text, or a field the page shows by its name (its id on hover). */
export type ReadingPart = string | { id: string; name: string };

/** `"Story Points" (customfield_10016)`, as discovery's sentence and this page's name a field. */
const FIELD_REF = /"([^"]+)" \(([A-Za-z0-9_]+)\)/g;

/** The text cut into plain pieces and the fields it names (only ids of fields the site has). */
function parts(text: string, fields: SettingsData['fields']): ReadingPart[] {
  const out: ReadingPart[] = [];
  let last = 0;
  for (const m of text.matchAll(FIELD_REF)) {
    const f = fields.find((x) => x.id === m[2]);
    if (!f || m.index === undefined) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push({ id: f.id, name: f.name });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * Which estimate fields are read, in order, and why; a field chosen here is read alone (the other
 * estimate fields are then ignored, so the page says what “Use discovered” would read instead).
 * Fields come back as parts so the page shows their names with the id on hover (issue 17).
 */
export function storyPointsReading(data: Pick<SettingsData, 'storyPointsEvidence' | 'fields'>, chosen: string): ReadingPart[] | null {
  const name = (id: string) => {
    const f = data.fields.find((x) => x.id === id);
    return f ? `"${f.name}" (${id})` : id;
  };
  const evidence = data.storyPointsEvidence;
  if (!chosen) return evidence?.sentence ? parts(evidence.sentence, data.fields) : null;
  const order = evidence?.order ?? [];
  const instead = order.length > 1 ? ` “Use discovered” would read each story's estimate from ${order.map(name).join(', else from ')}.` : '';
  return parts(`Only ${name(chosen)} is read, as chosen here.${instead}`, data.fields);
}
