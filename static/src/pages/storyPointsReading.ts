import type { SettingsData } from '../components/types';

/**
 * Which estimate fields are read, in order, and why; a field chosen here is read alone (the other
 * estimate fields are then ignored, so the page says what “Use discovered” would read instead).
 */
export function storyPointsReading(data: Pick<SettingsData, 'storyPointsEvidence' | 'fields'>, chosen: string): string | null {
  const name = (id: string) => {
    const f = data.fields.find((x) => x.id === id);
    return f ? `"${f.name}" (${id})` : id;
  };
  const evidence = data.storyPointsEvidence;
  if (!chosen) return evidence?.sentence ?? null;
  const order = evidence?.order ?? [];
  const instead = order.length > 1 ? ` “Use discovered” would read each story's estimate from ${order.map(name).join(', else from ')}.` : '';
  return `Only ${name(chosen)} is read, as chosen here.${instead}`;
}
