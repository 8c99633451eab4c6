import { isMap, isScalar, type Node } from 'yaml';
import { type KeyTier } from '../../database/generated/enums.js';
import { type ImportEntry, ImportSyntaxError } from '../provider-keys/import/import-entry.js';
import {
  KEY_TIERS,
  parseYamlSource,
  readTierSection,
  type YamlSource,
} from '../provider-keys/import/yaml-import.js';
import { CONFIG_SECTIONS, type ConfigSections, configSectionsSchema } from './config-file.schema.js';
import { type ConfigPath, type ConfigProblem, looksLikeFieldName, schemaProblems } from './config-problem.js';

/** The file, read and checked on its own: what it declares, before anything is compared with the database. */
export interface ConfigDocument {
  sections: ConfigSections;
  /** The provider keys of the `primary`, `daily` and `fallback` lists, for the provider-key import. */
  keyEntries: ImportEntry[];
  /** The line a path starts on, or that of its nearest enclosing node when the path is not in the file. */
  lineAt(path: ConfigPath): number;
}

const ALL_SECTIONS: readonly string[] = [...KEY_TIERS, ...CONFIG_SECTIONS];
const EXPECTED = 'expected primary, daily, fallback, providers, teams, routes, prices or settings';

/** Every problem of the file's own making, all at once; a file the YAML parser refuses yields just that one. */
export function readConfigDocument(
  content: string,
): { document: ConfigDocument } | { problems: ConfigProblem[] } {
  let source: YamlSource;
  try {
    source = parseYamlSource(content);
  } catch (error) {
    if (!(error instanceof ImportSyntaxError)) throw error;
    return { problems: [{ line: error.line, field: null, message: error.reason }] };
  }
  const root = source.doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    return { problems: [{ line: 1, field: null, message: `the document is empty; ${EXPECTED}` }] };
  }
  if (!isMap(root)) {
    return {
      problems: [{ line: source.lineOf(root), field: null, message: `${EXPECTED} at the top level` }],
    };
  }

  const problems: ConfigProblem[] = [];
  const keyEntries: ImportEntry[] = [];
  for (const pair of root.items) {
    const section = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!ALL_SECTIONS.includes(section)) {
      const shown = looksLikeFieldName(section) ? ` "${section}"` : '';
      problems.push({
        line: source.lineOf(pair.key),
        field: null,
        message: `unknown section${shown}; ${EXPECTED}`,
      });
      continue;
    }
    if (!KEY_TIERS.includes(section as KeyTier)) continue;
    try {
      keyEntries.push(...readTierSection(source, section as KeyTier, pair.value as Node | null));
    } catch (error) {
      if (!(error instanceof ImportSyntaxError)) throw error;
      problems.push({ line: error.line, field: null, message: error.reason });
    }
  }

  const lineAt = (path: ConfigPath) => lineOfPath(source, path);
  let everything: Record<string, unknown>;
  try {
    everything = (source.doc.toJS() ?? {}) as Record<string, unknown>;
  } catch {
    // The parser refuses to expand aliases past its limit, the shape of a billion-laughs document.
    return { problems: [{ line: 1, field: null, message: 'invalid YAML: too many aliases' }] };
  }
  const parsed = configSectionsSchema.safeParse(
    Object.fromEntries(CONFIG_SECTIONS.map((section) => [section, everything[section]])),
  );
  if (!parsed.success) problems.push(...schemaProblems(parsed.error, lineAt));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { document: { sections: parsed.data, keyEntries, lineAt } };
}

function lineOfPath(source: YamlSource, path: ConfigPath): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = source.doc.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node) return source.lineOf(node);
  }
  return 1;
}
