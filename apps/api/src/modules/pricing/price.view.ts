import { microsToUsd } from '../credits/money.js';
import { type ModelPrice } from './model-price.js';

export interface PriceView {
  provider: string;
  model: string;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  cachedInputUsdPerMTok: number | null;
  updatedAt: string | null;
}

export function toPriceView(price: ModelPrice & { updatedAt?: Date }): PriceView {
  return {
    provider: price.provider,
    model: price.model,
    inputUsdPerMTok: microsToUsd(price.inputMicrosPerMTok),
    outputUsdPerMTok: microsToUsd(price.outputMicrosPerMTok),
    cachedInputUsdPerMTok:
      price.cachedInputMicrosPerMTok === null ? null : microsToUsd(price.cachedInputMicrosPerMTok),
    updatedAt: price.updatedAt?.toISOString() ?? null,
  };
}
