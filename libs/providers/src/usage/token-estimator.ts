import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { asArray, asRecord, asString, isRecord } from '../shared/json.js';
import type { ClientFormat } from '../provider-types.js';
import { BytePairCounter } from './byte-pair-counter.js';
import { BytePairRanks } from './byte-pair-ranks.js';

/*
 * Estimates only fill in for upstreams that report no usage. Text is counted with the o200k_base tokenizer
 * vocabulary, exact for current OpenAI models and close for other providers' vocabularies. Past
 * TOKENIZE_LIMIT characters the count is approximated instead, so one huge request cannot hold the event loop long:
 * about four ASCII characters per token, one per CJK/kana/hangul character, two other non-ASCII characters.
 */
const TOKENIZE_LIMIT = 100_000;

/**
 * o200k_base's pre-tokenization pattern, as tiktoken publishes it: words with their leading space or punctuation
 * and an optional English contraction, runs of up to three digits, runs of punctuation, and whitespace.
 */
const O200K_CONTRACTION = String.raw`(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?`;
const O200K_PIECES = new RegExp(
  [
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+${O200K_CONTRACTION}`,
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*${O200K_CONTRACTION}`,
    String.raw`\p{N}{1,3}`,
    String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
    String.raw`\s*[\r\n]+`,
    String.raw`\s+(?!\S)`,
    String.raw`\s+`,
  ].join('|'),
  'gu',
);

let counter: BytePairCounter | undefined;

/**
 * The vocabulary (gpt-tokenizer ships it as a `.tiktoken` file) is read by the first estimate, in a few tens of
 * milliseconds, into about 5 MB outside the heap: a gateway whose upstreams report usage, and whose clients never
 * leave while the upstream is answering, never reads it.
 */
function countTokens(text: string): number {
  if (counter === undefined) {
    const file = createRequire(import.meta.url).resolve('gpt-tokenizer/data/o200k_base.tiktoken');
    counter = new BytePairCounter(BytePairRanks.parse(readFileSync(file)), O200K_PIECES);
  }
  return counter.count(text);
}
/**
 * BPE cost grows much faster than linearly with the length of a run without spaces (10k CJK characters in one
 * piece take over a second), so text is counted in slices that end at whitespace where one is near, and are
 * cut hard otherwise. A hard cut can add a token at the seam; for an estimate that is the right trade.
 */
const SLICE_CHARS = 400;

function countInSlices(text: string): number {
  if (text.length <= SLICE_CHARS) return countTokens(text);
  let total = 0;
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + SLICE_CHARS);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start + SLICE_CHARS / 2) end = space;
      else if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
    }
    total += countTokens(text.slice(start, end));
    start = end;
  }
  return total;
}
const ASCII_CHARS_PER_TOKEN = 4;
const OTHER_CHARS_PER_TOKEN = 2;
const FIRST_CJK_CODE_POINT = 0x2e80;
/** Per-message framing (role markers, separators), as in OpenAI's published counting recipe. */
const TOKENS_PER_MESSAGE = 3;
/** The assistant reply primer every chat prompt ends with. */
const REPLY_PRIMER_TOKENS = 3;
/** A mid-size image; real costs range from ~85 (low detail) to ~1,600 tokens depending on provider and size. */
const TOKENS_PER_IMAGE = 765;

export function estimateTextTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length <= TOKENIZE_LIMIT) return countInSlices(text);
  return approximateTextTokens(text);
}

function approximateTextTokens(text: string): number {
  let ascii = 0;
  let cjk = 0;
  let other = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) ascii++;
    else if (code >= 0xdc00 && code <= 0xdfff)
      continue; // low surrogate: its pair was counted once already
    else if (code >= FIRST_CJK_CODE_POINT) cjk++;
    else other++;
  }
  return Math.max(1, Math.ceil(ascii / ASCII_CHARS_PER_TOKEN + cjk + other / OTHER_CHARS_PER_TOKEN));
}

/** Estimates the prompt tokens of a chat request in either client format. */
export function estimatePromptTokens(format: ClientFormat, body: unknown): number {
  const request = asRecord(body);
  const counter = { text: '', images: 0 };
  const messages = asArray(request.messages);
  if (format === 'anthropic') collectContent(request.system, counter);
  for (const message of messages) collectContent(asRecord(message).content, counter);
  for (const message of messages) collectToolCalls(asRecord(message).tool_calls, counter);
  if (request.tools !== undefined) counter.text += JSON.stringify(request.tools);
  const systemMessages = format === 'anthropic' && request.system !== undefined ? 1 : 0;
  return (
    estimateTextTokens(counter.text) +
    counter.images * TOKENS_PER_IMAGE +
    (messages.length + systemMessages) * TOKENS_PER_MESSAGE +
    REPLY_PRIMER_TOKENS
  );
}

interface ContentCounter {
  text: string;
  images: number;
}

function collectContent(content: unknown, counter: ContentCounter): void {
  const text = asString(content);
  if (text !== undefined) {
    counter.text += `${text}\n`;
    return;
  }
  for (const part of asArray(content)) {
    if (!isRecord(part)) continue;
    if (part.type === 'image_url' || part.type === 'image') counter.images++;
    else if (typeof part.text === 'string') counter.text += `${part.text}\n`;
    else if (part.type === 'tool_use') counter.text += `${JSON.stringify(part.input ?? {})}\n`;
    else if (part.type === 'tool_result') collectContent(part.content, counter);
  }
}

function collectToolCalls(toolCalls: unknown, counter: ContentCounter): void {
  for (const call of asArray(toolCalls)) {
    const fn = asRecord(asRecord(call).function);
    counter.text += `${asString(fn.name) ?? ''}${asString(fn.arguments) ?? ''}\n`;
  }
}
