import { type ImportReport } from '../api-responses.js';
import { type Style } from './style.js';
import { renderTable, type TableLayout } from './table.js';

/** The per-line table, the providers the file adds, and one closing line saying what happened. */
export function formatImportReport(report: ImportReport, layout: TableLayout): string {
  const { style } = layout;
  const table = renderTable(
    ['LINE', 'PROVIDER', 'LAST4', 'STATUS', 'NOTE'],
    report.entries.map((entry) => [
      String(entry.line),
      entry.provider ?? '',
      entry.last4 ?? '',
      paintEntry(entry.status, style),
      entry.error ?? '',
    ]),
    { ...layout, shrinkable: [4] },
  );
  const providers = report.providersCreated.map(
    (provider) =>
      `${report.saved ? 'Added' : 'Would add'} provider ${provider.name} (${provider.type}) at ${provider.baseUrl}`,
  );
  return [table, ...providers, importOutcome(report)].join('\n');
}

export function importOutcome(report: ImportReport): string {
  const { created, duplicate, invalid, validation_failed: failed, skipped = 0 } = report.summary;
  const problems = [
    ...(invalid > 0 ? [`${invalid} invalid`] : []),
    ...(failed > 0 ? [`${failed} failed validation`] : []),
  ];
  const notes = [
    ...(duplicate > 0 ? [`${duplicate} already stored or repeated (skipped)`] : []),
    ...(skipped > 0 ? [`${skipped} not provider keys (skipped)`] : []),
  ];
  const also = notes.length > 0 ? `, ${notes.join(', ')}` : '';
  if (!report.accepted) {
    return `${report.dryRun ? 'Dry run: this import would be refused' : 'Refused'}: ${problems.join(', ')}; nothing was saved.`;
  }
  if (report.dryRun)
    return `Dry run: ${created} ${keys(created)} would be created${also}; nothing was saved.`;
  if (report.saved) return `Saved ${created} ${keys(created)}${also}.`;
  return `Nothing new to save${also}.`;
}

function paintEntry(status: string, style: Style): string {
  if (status === 'created') return style.green(status);
  if (status === 'invalid' || status === 'validation_failed') return style.red(status);
  return style.dim(status);
}

const keys = (count: number) => (count === 1 ? 'key' : 'keys');
