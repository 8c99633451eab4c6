import { describe, expect, it } from '@jest/globals';
import { type ImportReport } from '../api-responses.js';
import { formatImportReport, importOutcome } from './import-report.js';
import { styleFor } from './style.js';

const plain = { width: 120, style: styleFor({ write: () => undefined }, {}) };

const report = (overrides: Partial<ImportReport> = {}): ImportReport => ({
  dryRun: false,
  accepted: true,
  saved: true,
  summary: { created: 1, duplicate: 0, invalid: 0, validation_failed: 0, skipped: 0 },
  providersCreated: [],
  entries: [{ line: 3, provider: 'openai', last4: 'abcd', status: 'created' }],
  ...overrides,
});

describe('formatImportReport', () => {
  it('prints a line per entry, the providers added, and the outcome', () => {
    const text = formatImportReport(
      report({
        summary: { created: 1, duplicate: 1, invalid: 0, validation_failed: 0, skipped: 0 },
        providersCreated: [{ name: 'local-vllm', type: 'openai', baseUrl: 'http://10.0.0.5:8000/v1' }],
        entries: [
          { line: 3, provider: 'local-vllm', last4: 'abcd', status: 'created' },
          { line: 10, provider: 'openai', last4: 'wxyz', status: 'duplicate', error: 'already stored' },
        ],
      }),
      plain,
    );
    expect(text.split('\n')).toEqual([
      'LINE  PROVIDER    LAST4  STATUS     NOTE',
      '3     local-vllm  abcd   created',
      '10    openai      wxyz   duplicate  already stored',
      'Added provider local-vllm (openai) at http://10.0.0.5:8000/v1',
      'Saved 1 key, 1 already stored or repeated (skipped).',
    ]);
  });

  it('leaves cells empty where the file gave nothing to show', () => {
    const text = formatImportReport(
      report({
        accepted: false,
        saved: false,
        summary: { created: 0, duplicate: 0, invalid: 1, validation_failed: 0, skipped: 0 },
        entries: [{ line: 1, provider: null, last4: null, status: 'invalid', error: 'not a key variable' }],
      }),
      plain,
    );
    // LINE, PROVIDER and LAST4 are padded to their headers' widths plus the two-space gap.
    expect(text.split('\n')[1]).toBe(
      `${'1'.padEnd(6)}${''.padEnd(10)}${''.padEnd(7)}invalid  not a key variable`,
    );
  });
});

describe('importOutcome', () => {
  const summary = (created: number, duplicate: number, invalid: number, failed: number) => ({
    created,
    duplicate,
    invalid,
    validation_failed: failed,
    skipped: 0,
  });

  it('says what a dry run would do', () => {
    expect(importOutcome(report({ dryRun: true, saved: false, summary: summary(2, 0, 0, 0) }))).toBe(
      'Dry run: 2 keys would be created; nothing was saved.',
    );
    expect(
      importOutcome(report({ dryRun: true, saved: false, accepted: false, summary: summary(1, 0, 1, 2) })),
    ).toBe('Dry run: this import would be refused: 1 invalid, 2 failed validation; nothing was saved.');
  });

  it('says what was saved, skipped or refused', () => {
    expect(importOutcome(report({ summary: summary(3, 2, 0, 0) }))).toBe(
      'Saved 3 keys, 2 already stored or repeated (skipped).',
    );
    expect(importOutcome(report({ saved: false, summary: summary(0, 2, 0, 0) }))).toBe(
      'Nothing new to save, 2 already stored or repeated (skipped).',
    );
    expect(importOutcome(report({ saved: false, accepted: false, summary: summary(1, 0, 0, 1) }))).toBe(
      'Refused: 1 failed validation; nothing was saved.',
    );
  });
});
