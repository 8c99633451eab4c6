import { z } from 'zod';
import { optionalFutureDate, optionalInteger, optionalUsdAmount, requiredText, textList } from '@/lib/forms';

const MODEL_PATTERN = /^(?:[^\s/*]+\/(?:\*|[^\s*]+)|[^\s/*]+)$/;

export const createTokenForm = z.object({
  teamId: z.uuid('Choose a team.'),
  name: requiredText('a name', 100),
  allowedModels: textList(200, 200).pipe(
    z.array(
      z.string().regex(MODEL_PATTERN, 'Each model must be "provider/model", "provider/*" or an alias name.'),
    ),
  ),
  rpm: optionalInteger(1, 1_000_000_000),
  tpm: optionalInteger(1, 1_000_000_000),
  budgetUsd: optionalUsdAmount(0, 1_000_000_000),
  expiresAt: optionalFutureDate,
});

export const tokenIdForm = z.object({ tokenId: z.uuid('This token id is not valid.') });
