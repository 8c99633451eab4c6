import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type YAMLMap,
} from 'yaml';
import { type KeyTier, type ProviderType } from '../../../database/generated/enums.js';
import { blankEntry, type ImportEntry, ImportSyntaxError } from './import-entry.js';

export const KEY_TIERS: readonly KeyTier[] = ['primary', 'daily', 'fallback'];
const TYPES: readonly ProviderType[] = ['openai', 'anthropic', 'gemini'];

/** A parsed YAML document, and the 1-based line any of its nodes starts on. */
export interface YamlSource {
  doc: Document;
  lineOf: (node: unknown) => number;
}

/**
 * Reads the tiered YAML of llm-key-pool's `llm_config.yaml`: top-level `primary`, `daily` and `fallback` lists of
 * `{provider, base_url?, api_key, models?}`. Also understood per entry: `api_keys` (a list, one entry per key),
 * `name` (the provider to use or create), `type` (openai, anthropic or gemini, for a new provider), `label`,
 * `weight` and `max_concurrency`; other fields are ignored. An unknown top-level section is a syntax error, so a
 * misspelt tier cannot drop its keys unnoticed.
 */
export function parseYamlImport(content: string): ImportEntry[] {
  const source = parseYamlSource(content);
  const { doc, lineOf } = source;
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    throw new ImportSyntaxError(1, 'the document is empty; expected primary, daily or fallback lists');
  }
  if (!isMap(root))
    throw new ImportSyntaxError(lineOf(root), 'expected top-level primary, daily or fallback lists');

  const entries: ImportEntry[] = [];
  for (const pair of root.items) {
    const section = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KEY_TIERS.includes(section as KeyTier)) {
      throw new ImportSyntaxError(
        lineOf(pair.key),
        `unknown section "${section.slice(0, 40)}"; expected primary, daily or fallback`,
      );
    }
    entries.push(...readTierSection(source, section as KeyTier, pair.value as Node | null));
  }
  return entries;
}

/** Parses YAML keeping line numbers; a document the parser refuses is a syntax error naming its line. */
export function parseYamlSource(content: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError)
    throw new ImportSyntaxError(lines.linePos(firstError.pos[0]).line, describeYamlError(firstError));
  const lineOf = (node: unknown) =>
    node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)
      ? lines.linePos(node.range[0] as number).line
      : 1;
  return { doc, lineOf };
}

/** The keys of one tier's list (the value of its top-level `primary`, `daily` or `fallback`). */
export function readTierSection(source: YamlSource, tier: KeyTier, value: Node | null): ImportEntry[] {
  const { doc, lineOf } = source;
  const list = resolve(doc, value);
  if (list === null || (isScalar(list) && list.value === null)) return [];
  if (!isSeq(list)) throw new ImportSyntaxError(lineOf(list), `${tier} must be a list of keys`);
  const entries: ImportEntry[] = [];
  for (const item of list.items) {
    const node = resolve(doc, item as Node | null);
    if (!isMap(node))
      throw new ImportSyntaxError(lineOf(node ?? list), `each ${tier} entry must be a mapping`);
    entries.push(...readEntry(doc, node, tier, lineOf));
  }
  return entries;
}

function readEntry(
  doc: Document,
  node: YAMLMap,
  tier: KeyTier,
  lineOf: (node: unknown) => number,
): ImportEntry[] {
  const field = (name: string) => resolve(doc, (node.get(name, true) as Node | undefined) ?? null);
  const text = (name: string): string | null | undefined => {
    const value = field(name);
    if (value === null) return null;
    if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number'))
      return String(value.value).trim();
    return undefined;
  };
  const base = { ...blankEntry(lineOf(node)), tier };
  const problems: string[] = [];

  const provider = text('provider');
  const providerName = text('name');
  const baseUrl = text('base_url');
  const label = text('label');
  const type = text('type');
  if (provider === undefined) problems.push('provider must be text');
  if (providerName === undefined) problems.push('name must be text');
  if (baseUrl === undefined) problems.push('base_url must be text');
  if (label === undefined) problems.push('label must be text');
  if (type !== null && !TYPES.includes(type as ProviderType))
    problems.push('type must be openai, anthropic or gemini');
  const models = readModels(field('models'), problems);
  const weight = readInteger(field('weight'), 'weight', problems);
  const maxConcurrency = readInteger(field('max_concurrency'), 'max_concurrency', problems);

  const secrets = readSecrets(field('api_key'), field('api_keys'), lineOf, base.line);
  if (secrets.length === 0) problems.push('api_key is required');
  const shared: ImportEntry = {
    ...base,
    provider: provider ?? null,
    providerName: providerName ?? null,
    baseUrl: baseUrl ?? null,
    label: label ?? null,
    providerType: (type as ProviderType | null) ?? null,
    models,
    weight,
    maxConcurrency,
    problem: problems.length > 0 ? problems.join('; ') : null,
  };
  if (secrets.length === 0) return [shared];
  return secrets.map((secret) => ({
    ...shared,
    line: secret.line,
    secret: secret.value,
    problem: [shared.problem, secret.problem].filter(Boolean).join('; ') || null,
  }));
}

function readSecrets(
  single: Node | null,
  list: Node | null,
  lineOf: (node: unknown) => number,
  fallbackLine: number,
): { value: string | null; line: number; problem: string | null }[] {
  const read = (node: Node | null, name: string) => {
    if (isScalar(node) && typeof node.value === 'string')
      return { value: node.value.trim(), line: lineOf(node), problem: null };
    return { value: null, line: node ? lineOf(node) : fallbackLine, problem: `${name} must be text` };
  };
  const secrets = [];
  if (single !== null && !(isScalar(single) && single.value === null)) secrets.push(read(single, 'api_key'));
  if (isSeq(list)) for (const item of list.items) secrets.push(read(item as Node | null, 'api_keys entries'));
  else if (list !== null && !(isScalar(list) && list.value === null)) {
    secrets.push({ value: null, line: lineOf(list), problem: 'api_keys must be a list' });
  }
  return secrets;
}

function readModels(node: Node | null, problems: string[]): string[] {
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (isScalar(node) && typeof node.value === 'string') {
    return node.value
      .split(',')
      .map((model) => model.trim())
      .filter(Boolean);
  }
  if (isSeq(node)) {
    const models = node.items.map((item) => (isScalar(item) ? String(item.value ?? '').trim() : ''));
    if (models.some((model) => model === '')) problems.push('models must be a list of model names');
    return models.filter(Boolean);
  }
  problems.push('models must be a list of model names');
  return [];
}

function readInteger(node: Node | null, name: string, problems: string[]): number | null {
  if (node === null || (isScalar(node) && node.value === null)) return null;
  if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value)) return node.value;
  problems.push(`${name} must be a whole number`);
  return null;
}

function resolve(doc: Document, node: Node | null | undefined): Node | null {
  if (node === null || node === undefined) return null;
  return isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? null) : node;
}

/** The parser's own message quotes the offending line, which may hold a key: keep only its generic first clause. */
function describeYamlError(error: { code: string; message: string }): string {
  const clause = error.message
    .split(/ at line \d+/)[0]!
    .split(': ')[0]!
    .trim();
  return clause ? `invalid YAML: ${clause}` : `invalid YAML (${error.code.toLowerCase()})`;
}
