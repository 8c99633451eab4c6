import { blankEntry, type ImportEntry, ImportSyntaxError } from './import-entry.js';

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const KEY_VARIABLE = /^([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*?)_API_KEY(?:_[A-Za-z0-9_]+)?$/i;

/**
 * Reads `.env` lines such as `OPENAI_API_KEY_1=sk-…` or `export GEMINI_API_KEY="…"`. The provider is the lowercased
 * prefix before `_API_KEY`, with `_` read as `-` (`MY_PROXY_API_KEY` → `my-proxy`); the label is the variable name.
 * Comments and blank lines are passed over; any other variable is reported as skipped (a `.env` holds more than
 * keys), and so is a key variable of a provider that does not exist (the import service decides that). A line
 * that cannot be read is an invalid entry of its own, so one typo never hides the report of the other lines.
 */
export function parseEnvImport(content: string): ImportEntry[] {
  const entries: ImportEntry[] = [];
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const assignment = ASSIGNMENT.exec(text.replace(/^export\s+/, ''));
    if (!assignment) {
      entries.push({ ...blankEntry(line), problem: 'expected NAME=value' });
      return;
    }
    const [, name, rawValue] = assignment as unknown as [string, string, string];
    let secret: string;
    try {
      secret = readValue(rawValue, line);
    } catch (error) {
      if (!(error instanceof ImportSyntaxError)) throw error;
      entries.push({ ...blankEntry(line), label: name, problem: error.reason });
      return;
    }
    const entry = { ...blankEntry(line), label: name, secret };
    const variable = KEY_VARIABLE.exec(name);
    if (!variable) {
      entries.push({ ...entry, secret: null, skip: `${name} is not a PROVIDER_API_KEY[_N] variable` });
      return;
    }
    const provider = variable[1]!.toLowerCase().replace(/_/g, '-');
    entries.push({ ...entry, provider, problem: entry.secret === '' ? `${name} has no value` : null });
  });
  return entries;
}

function readValue(raw: string, line: number): string {
  const value = raw.trim();
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value.replace(/\s+#.*$/, '').trim();
  let result = '';
  for (let i = 1; i < value.length; i += 1) {
    const char = value[i]!;
    if (char === quote) {
      const rest = value.slice(i + 1).trim();
      if (rest !== '' && !rest.startsWith('#')) {
        throw new ImportSyntaxError(line, 'unexpected text after the closing quote');
      }
      return result;
    }
    if (quote === '"' && char === '\\' && i + 1 < value.length) {
      i += 1;
      result += value[i];
      continue;
    }
    result += char;
  }
  throw new ImportSyntaxError(line, `unterminated ${quote === '"' ? 'double' : 'single'} quote`);
}
