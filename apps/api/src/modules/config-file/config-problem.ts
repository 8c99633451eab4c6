import { type z } from 'zod';
import { ConfigError } from '../../config/load-config.js';
import { type ConfigProblem, type ImportReport } from '@switchyard/contracts';

export type { ConfigProblem };

/** A path into the file as YAML nests it: `['teams', 0, 'tokens', 1, 'token']`. */
export type ConfigPath = readonly (string | number)[];

/** Where the problems found against a path are collected, with the line the path starts on. */
export type ProblemSink = (path: ConfigPath, message: string) => void;

// The file's own names are short snake_case; anything else in a name's place may be a pasted key, so is not echoed.
const FIELD_NAME = /^[a-z][a-z0-9_]{0,29}$/;

export const looksLikeFieldName = (name: string) => FIELD_NAME.test(name);

export const fieldOf = (path: ConfigPath): string | null => (path.length > 0 ? path.join('.') : null);

/** Zod's issues as problems; an unknown field is named only when it looks like a field name, never like a value. */
export function schemaProblems(error: z.ZodError, lineAt: (path: ConfigPath) => number): ConfigProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
    if (issue.code !== 'unrecognized_keys') {
      return [{ line: lineAt(path), field: fieldOf(path), message: issue.message }];
    }
    return issue.keys.map((key) => {
      const named = looksLikeFieldName(key);
      const at = [...path, key];
      return {
        line: lineAt(at),
        field: fieldOf(named ? at : path),
        message: named ? 'is not a known field' : 'holds a field whose name is not a known field',
      };
    });
  });
}

/** The entries a key import refused, as problems of the lines they are on. */
export function keyImportProblems(report: ImportReport): ConfigProblem[] {
  return report.entries
    .filter((entry) => entry.status === 'invalid' || entry.status === 'validation_failed')
    .map((entry) => ({ line: entry.line, field: null, message: entry.error ?? entry.status }));
}

/** Stops the start: one line per problem, in the order of the file. */
export function refuseConfigFile(problems: ConfigProblem[]): ConfigError {
  const ordered = [...problems].sort((a, b) => a.line - b.line);
  return new ConfigError(
    ordered.map(
      ({ line, field, message }) => `SWITCHYARD_CONFIG line ${line}: ${field ? `${field}: ` : ''}${message}`,
    ),
  );
}
