export interface InlineMedia {
  mediaType: string;
  /** Base64 payload. */
  data: string;
}

const DATA_URL = /^data:([^;,]+)(?:;[^,]*)?;base64,/;

/** Splits a `data:<type>;base64,<payload>` URL; undefined for ordinary URLs. */
export function parseDataUrl(url: string): InlineMedia | undefined {
  const match = DATA_URL.exec(url);
  if (!match?.[1]) return undefined;
  return { mediaType: match[1], data: url.slice(match[0].length) };
}

export function toDataUrl(media: InlineMedia): string {
  return `data:${media.mediaType};base64,${media.data}`;
}

const MEDIA_TYPES_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
};

/** Gemini wants a MIME type next to every file URI; the extension is the only hint a bare URL gives. */
export function guessMediaType(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Not an absolute URL: use it as it is.
  }
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return MEDIA_TYPES_BY_EXTENSION[extension] ?? 'image/jpeg';
}
