export type ChangeKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface FieldChange {
  path: string;
  kind: ChangeKind;
  before?: string;
  after?: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Nested objects become dotted paths; arrays and scalars are leaves, shown as JSON. A null record (the "before"
 * of a creation) has no fields.
 */
export function flatten(value: unknown, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (value === null && !prefix) return into;
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) into.set(prefix, '{}');
    for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined) {
    into.set(prefix || '(value)', JSON.stringify(value));
  }
  return into;
}

/** Field-by-field comparison of an audit event's before and after, in a stable order. */
export function diffRecords(before: unknown, after: unknown): FieldChange[] {
  const old = flatten(before);
  const next = flatten(after);
  const paths = [...new Set([...old.keys(), ...next.keys()])].sort();
  return paths.map((path) => {
    const a = old.get(path);
    const b = next.get(path);
    if (a === undefined) return { path, kind: 'added', after: b };
    if (b === undefined) return { path, kind: 'removed', before: a };
    return { path, kind: a === b ? 'unchanged' : 'changed', before: a, after: b };
  });
}
