import { type ProviderType } from '../../../database/generated/enums.js';

/** `skipped`: a `.env` line that is not a provider key; it neither imports nor refuses anything. */
export type ImportEntryStatus = 'created' | 'duplicate' | 'invalid' | 'validation_failed' | 'skipped';

export interface ImportLineReport {
  line: number;
  provider: string | null;
  last4: string | null;
  /** In a dry run, `created` means the entry would be created. */
  status: ImportEntryStatus;
  error?: string;
}

export interface ImportReport {
  dryRun: boolean;
  /** Whether every entry can be imported (duplicates are skipped, not refused). A refused import saves nothing. */
  accepted: boolean;
  /** True only when the keys were stored: never in a dry run, never when an entry is invalid or failed validation. */
  saved: boolean;
  summary: Record<ImportEntryStatus, number>;
  /** Providers the import creates (or, in a dry run or a refused import, would create). */
  providersCreated: { name: string; type: ProviderType; baseUrl: string }[];
  entries: ImportLineReport[];
}

export function summarize(entries: ImportLineReport[]): Record<ImportEntryStatus, number> {
  const summary = { created: 0, duplicate: 0, invalid: 0, validation_failed: 0, skipped: 0 };
  for (const entry of entries) summary[entry.status] += 1;
  return summary;
}
