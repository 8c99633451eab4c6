import { type ModelPrice } from '../pricing/model-price.js';
import { type UpsertPriceBody } from '../pricing/pricing.schemas.js';
import { type ConfigChange, differingFields, unchanged } from './config-change.js';
import { type DeclaredPrice } from './config-file.schema.js';
import { type ProblemSink } from './config-problem.js';

const PRICE_FIELDS = {
  inputMicrosPerMTok: 'input_usd_per_mtok',
  outputMicrosPerMTok: 'output_usd_per_mtok',
  cachedInputMicrosPerMTok: 'cached_input_usd_per_mtok',
  cacheWriteMicrosPerMTok: 'cache_write_usd_per_mtok',
  maxOutputTokens: 'max_output_tokens',
} as const;

export interface PricesPlan {
  upserts: UpsertPriceBody[];
  changes: ConfigChange[];
}

/** A declared price is created, or replaced when any figure differs; prices the file does not name stay. */
export function planPrices(
  declared: DeclaredPrice[],
  stored: ReadonlyMap<string, ModelPrice>,
  report: ProblemSink,
): PricesPlan {
  const plan: PricesPlan = { upserts: [], changes: [] };
  const seen = new Set<string>();
  declared.forEach((price, index) => {
    const name = `${price.provider}/${price.model}`;
    if (seen.has(name)) {
      report(['prices', index, 'model'], 'repeats an earlier price');
      return;
    }
    seen.add(name);
    const wanted = {
      inputMicrosPerMTok: price.input_usd_per_mtok,
      outputMicrosPerMTok: price.output_usd_per_mtok,
      cachedInputMicrosPerMTok: price.cached_input_usd_per_mtok ?? null,
      cacheWriteMicrosPerMTok: price.cache_write_usd_per_mtok ?? null,
      maxOutputTokens: price.max_output_tokens ?? null,
    };
    const current = stored.get(name);
    const fields = current ? differingFields(current, wanted, PRICE_FIELDS) : Object.values(PRICE_FIELDS);
    if (current && fields.length === 0) {
      plan.changes.push(unchanged('price', name));
      return;
    }
    plan.upserts.push({
      provider: price.provider,
      model: price.model,
      inputUsdPerMTok: wanted.inputMicrosPerMTok,
      outputUsdPerMTok: wanted.outputMicrosPerMTok,
      cachedInputUsdPerMTok: wanted.cachedInputMicrosPerMTok,
      cacheWriteUsdPerMTok: wanted.cacheWriteMicrosPerMTok,
      maxOutputTokens: wanted.maxOutputTokens,
    });
    plan.changes.push({ kind: 'price', name, action: current ? 'update' : 'create', fields });
  });
  return plan;
}
