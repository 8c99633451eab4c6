import { type ImportEntryStatus, type ImportLine } from '@switchyard/contracts';

export function summarize(entries: ImportLine[]): Record<ImportEntryStatus, number> {
  const summary = { created: 0, duplicate: 0, invalid: 0, validation_failed: 0, skipped: 0 };
  for (const entry of entries) summary[entry.status] += 1;
  return summary;
}
