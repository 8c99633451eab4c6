import { type Price } from '@switchyard/contracts';
import { microsToUsd } from '../credits/money.js';
import { type ModelPrice } from './model-price.js';

export function toPriceView(price: ModelPrice & { updatedAt?: Date }): Price {
  return {
    provider: price.provider,
    model: price.model,
    inputUsdPerMTok: microsToUsd(price.inputMicrosPerMTok),
    outputUsdPerMTok: microsToUsd(price.outputMicrosPerMTok),
    cachedInputUsdPerMTok:
      price.cachedInputMicrosPerMTok === null ? null : microsToUsd(price.cachedInputMicrosPerMTok),
    cacheWriteUsdPerMTok:
      price.cacheWriteMicrosPerMTok === null ? null : microsToUsd(price.cacheWriteMicrosPerMTok),
    maxOutputTokens: price.maxOutputTokens,
    updatedAt: price.updatedAt?.toISOString() ?? null,
  } satisfies Price;
}
