/**
 * A provider base URL as stored: http(s), no credentials, query or fragment (those would leak into logs and views),
 * no trailing slash, so `${baseUrl}/chat/completions` is always well formed and equal URLs compare equal.
 */
export function normalizeBaseUrl(value: string): { url: string } | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    return { problem: 'must be an http:// or https:// URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { problem: 'must be an http:// or https:// URL' };
  }
  if (parsed.username || parsed.password) {
    return { problem: 'must not carry credentials; keys are stored separately' };
  }
  if (parsed.search || parsed.hash) return { problem: 'must not have a query string or fragment' };
  return { url: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}` };
}

/** A provider name made from a base URL's host (and port), for providers an import creates on the fly. */
export function providerNameFromUrl(baseUrl: string): string {
  const { hostname, port } = new URL(baseUrl);
  return [hostname, port]
    .filter(Boolean)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
}
