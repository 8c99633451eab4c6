import { cheapProbeModel, isChatModel } from '@switchyard/providers';
import { type PriceTable } from '../pricing/price-table.js';

/**
 * The model a probe calls: the cheapest priced of the models the key declares, else the first of them, else the
 * provider's cheap default. Null when there is nothing sensible to call.
 */
export function probeModel(
  provider: string,
  declared: readonly string[],
  pricing: Pick<PriceTable, 'priceOf'>,
): string | null {
  const chat = declared.filter(isChatModel);
  if (chat.length > 0) {
    const priced = chat
      .map((model) => ({ model, price: pricing.priceOf(provider, model) }))
      .filter((entry) => entry.price !== null)
      .sort((a, b) => Number(a.price!.outputMicrosPerMTok - b.price!.outputMicrosPerMTok));
    return priced[0]?.model ?? chat[0]!;
  }
  return cheapProbeModel(provider);
}
