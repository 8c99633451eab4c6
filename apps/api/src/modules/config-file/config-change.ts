import { type ConfigChange } from '@switchyard/contracts';

export type { ConfigChange };

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
