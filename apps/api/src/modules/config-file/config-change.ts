/** One thing the file declares, and what applying it does. */
export interface ConfigChange {
  kind: 'provider' | 'key' | 'team' | 'budget' | 'token' | 'route' | 'price' | 'setting';
  /** How people name it: `openai`, `openai …f00d`, `search`, `search/search-backend`, `openai/gpt-4o-mini`. */
  name: string;
  action: 'create' | 'update' | 'unchanged';
  /** The file's names of the fields that a create sets or an update changes; none when unchanged. */
  fields: string[];
}

export const unchanged = (kind: ConfigChange['kind'], name: string): ConfigChange => ({
  kind,
  name,
  action: 'unchanged',
  fields: [],
});

/** The fields whose values differ, by the file's names. */
export function differingFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
  names: Readonly<Record<keyof T & string, string>>,
): string[] {
  return Object.entries(names)
    .filter(([field]) => !sameValue(before[field], after[field]))
    .map(([, name]) => name);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => item === b[index]);
  }
  return a === b;
}
