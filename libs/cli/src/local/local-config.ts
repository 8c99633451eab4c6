import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BUILT_IN_PROVIDERS, type ProviderType } from '@switchyard/providers';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.js';

/** One key of the file, with everything needed to call its provider. */
export interface LocalKey {
  /** Stable across runs without holding the secret: the provider and a digest of the key. */
  id: string;
  provider: string;
  type: ProviderType;
  baseUrl: string;
  secret: string;
  tier: 'primary' | 'daily' | 'fallback';
  label: string;
  models: string[];
  weight: number | undefined;
  maxConcurrency: number | undefined;
}

export interface LocalPrice {
  inputMicrosPerMTok: bigint;
  outputMicrosPerMTok: bigint;
  cachedInputMicrosPerMTok: bigint | null;
}

export interface LocalConfig {
  file: string;
  keys: LocalKey[];
  /** By `provider/model`. */
  prices: Map<string, LocalPrice>;
  /** Aliases to their targets. */
  routes: Map<string, string[]>;
}

const TIERS = ['primary', 'daily', 'fallback'] as const;
const TYPES = ['openai', 'anthropic', 'gemini'] as const;

const text = z.string().trim().min(1, 'must not be empty');
const usd = z.number().min(0, 'must be at least 0');

// The tiered YAML of the key import; other fields of an entry are ignored, as the import does.
const keyEntry = z.looseObject({
  provider: text.optional(),
  name: text.optional(),
  type: z.enum(TYPES, { error: 'must be openai, anthropic or gemini' }).optional(),
  base_url: z.url({ error: 'must be an http(s) URL' }).optional(),
  api_key: text.optional(),
  api_keys: z.array(text).optional(),
  label: text.optional(),
  models: z.array(text).optional(),
  weight: z.number().int().positive().optional(),
  max_concurrency: z.number().int().positive().optional(),
});

// The same file may be a whole SWITCHYARD_CONFIG: providers, prices and routes mean the same here; teams and
// settings are the API's business and are left alone.
const fileSchema = z.looseObject({
  primary: z.array(keyEntry).nullish(),
  daily: z.array(keyEntry).nullish(),
  fallback: z.array(keyEntry).nullish(),
  providers: z
    .array(
      z.looseObject({
        name: text,
        type: z.enum(TYPES),
        base_url: z.url({ error: 'must be an http(s) URL' }),
      }),
    )
    .nullish(),
  prices: z
    .array(
      z.looseObject({
        provider: text,
        model: text,
        input_usd_per_mtok: usd,
        output_usd_per_mtok: usd,
        cached_input_usd_per_mtok: usd.nullish(),
      }),
    )
    .nullish(),
  routes: z.array(z.looseObject({ alias: text, targets: z.array(text).min(1) })).nullish(),
});

/** Reads `--config FILE`. A file that cannot be read or used is the caller's to fix: a usage error naming the line. */
export async function readLocalConfig(file: string): Promise<LocalConfig> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    throw new UsageError(`${file} line ${lines.linePos(firstError.pos[0]).line}: not valid YAML`);
  }
  const parsed = fileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number] } | undefined;
    const line = node?.range ? lines.linePos(node.range[0]).line : 1;
    throw new UsageError(`${file} line ${line}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const providers = new Map(BUILT_IN_PROVIDERS.map((provider) => [provider.name, { ...provider }]));
  for (const declared of parsed.data.providers ?? []) {
    providers.set(declared.name, { name: declared.name, type: declared.type, baseUrl: declared.base_url });
  }
  const keys: LocalKey[] = [];
  for (const tier of TIERS) {
    (parsed.data[tier] ?? []).forEach((entry, index) => {
      const where = `${file}: ${tier}.${index}`;
      const secrets = [...(entry.api_key ? [entry.api_key] : []), ...(entry.api_keys ?? [])];
      if (secrets.length === 0) throw new UsageError(`${where}: api_key is required`);
      const name = entry.name ?? entry.provider;
      if (!name) throw new UsageError(`${where}: provider is required`);
      const known = providers.get(name);
      const baseUrl = (entry.base_url ?? known?.baseUrl)?.replace(/\/+$/, '');
      if (!baseUrl) throw new UsageError(`${where}: no provider named ${name}; give its base_url`);
      for (const secret of secrets) {
        keys.push({
          id: `${name}-${createHash('sha256').update(`${name}\n${secret}`).digest('hex').slice(0, 10)}`,
          provider: name,
          type: entry.type ?? known?.type ?? 'openai',
          baseUrl,
          secret,
          tier,
          label: entry.label ?? `${name} …${secret.slice(-4)}`,
          models: entry.models ?? [],
          weight: entry.weight,
          maxConcurrency: entry.max_concurrency,
        });
      }
    });
  }
  if (keys.length === 0) throw new UsageError(`${file} holds no keys (primary, daily or fallback lists)`);
  return {
    file,
    keys,
    prices: new Map(
      (parsed.data.prices ?? []).map((price) => [
        `${price.provider}/${price.model}`,
        {
          inputMicrosPerMTok: micros(price.input_usd_per_mtok),
          outputMicrosPerMTok: micros(price.output_usd_per_mtok),
          cachedInputMicrosPerMTok:
            price.cached_input_usd_per_mtok == null ? null : micros(price.cached_input_usd_per_mtok),
        },
      ]),
    ),
    routes: new Map((parsed.data.routes ?? []).map((route) => [route.alias, route.targets])),
  };
}

const micros = (usdAmount: number) => BigInt(Math.round(usdAmount * 1_000_000));
