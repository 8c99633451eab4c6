import { type ImportReport } from '../api-responses.js';
import { formatTable } from './table.js';

/** The per-line table, the providers the file adds, and one closing line saying what happened. */
export function formatImportReport(report: ImportReport): string {
  const table = formatTable(
    ['LINE', 'PROVIDER', 'LAST4', 'STATUS', 'ERROR'],
    report.entries.map((entry) => [
      String(entry.line),
      entry.provider ?? '',
      entry.last4 ?? '',
      entry.status,
      entry.error ?? '',
    ]),
  );
  const providers = report.providersCreated.map(
    (provider) =>
      `${report.saved ? 'Added' : 'Would add'} provider ${provider.name} (${provider.type}) at ${provider.baseUrl}`,
  );
  return [table, ...providers, importOutcome(report)].join('\n');
}

export function importOutcome(report: ImportReport): string {
  const { created, duplicate, invalid, validation_failed: failed } = report.summary;
  const problems = [
    ...(invalid > 0 ? [`${invalid} invalid`] : []),
    ...(failed > 0 ? [`${failed} failed validation`] : []),
  ];
  const duplicates = duplicate > 0 ? `, ${duplicate} already stored or repeated (skipped)` : '';
  if (!report.accepted) {
    return `${report.dryRun ? 'Dry run: this import would be refused' : 'Refused'}: ${problems.join(', ')}; nothing was saved.`;
  }
  if (report.dryRun)
    return `Dry run: ${created} ${keys(created)} would be created${duplicates}; nothing was saved.`;
  if (report.saved) return `Saved ${created} ${keys(created)}${duplicates}.`;
  return `Nothing new to save${duplicates}.`;
}

const keys = (count: number) => (count === 1 ? 'key' : 'keys');
