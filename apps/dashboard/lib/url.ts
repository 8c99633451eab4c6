export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a query parameter, as Next hands over `?a=1&a=2` as an array. */
export function firstParam(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A path with query parameters; undefined, null and empty values are left out. */
export function hrefWith(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
