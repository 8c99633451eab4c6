import { UsageError } from './errors.js';
import { type Terminal } from './terminal.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:4000';

type Env = Terminal['env'];

interface Setting {
  value: string;
  /** The flag or variable it came from, for messages (never the value: it may be a secret). */
  source: string;
}

/** A flag wins over its variable; an empty variable counts as unset. */
function pick(flagValue: string | undefined, flag: string, env: Env, variable: string): Setting | undefined {
  if (flagValue !== undefined) return { value: flagValue.trim(), source: flag };
  const fromEnv = env[variable]?.trim();
  return fromEnv ? { value: fromEnv, source: variable } : undefined;
}

export function envValue(env: Env, variable: string): string | undefined {
  return env[variable]?.trim() || undefined;
}

export function resolveApiUrl(flagValue: string | undefined, env: Env): URL {
  const setting = pick(flagValue, '--api-url', env, 'API_URL') ?? {
    value: DEFAULT_API_URL,
    source: 'API_URL',
  };
  let url: URL;
  try {
    url = new URL(setting.value);
  } catch {
    throw new UsageError(`${setting.source} is not a URL (expected something like ${DEFAULT_API_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${setting.source} must be an http:// or https:// URL`);
  }
  if (url.username || url.password) {
    throw new UsageError(
      `${setting.source} must not contain a user name or password; credentials go in SWITCHYARD_API_KEY or SWITCHYARD_TOKEN`,
    );
  }
  if (url.search || url.hash) throw new UsageError(`${setting.source} must not have a query or a fragment`);
  return url;
}

// Both end up in an HTTP header, which takes printable ASCII only.
const ADMIN_KEY_PATTERN = /^sya-[\x21-\x7e]+$/;
const PROXY_TOKEN_PATTERN = /^sy-[\x21-\x7e]+$/;

export function requireApiKey(flagValue: string | undefined, env: Env, commandName: string): string {
  const setting = pick(flagValue, '--api-key', env, 'SWITCHYARD_API_KEY');
  if (!setting) {
    throw new UsageError(
      `${commandName} needs an admin API key (sya-…): set SWITCHYARD_API_KEY or pass --api-key`,
    );
  }
  if (!ADMIN_KEY_PATTERN.test(setting.value)) {
    const hint = PROXY_TOKEN_PATTERN.test(setting.value)
      ? '; that looks like a proxy token, which belongs in SWITCHYARD_TOKEN'
      : '';
    throw new UsageError(`${setting.source} is not an admin API key: it should start with sya-${hint}`);
  }
  return setting.value;
}

export function requireToken(flagValue: string | undefined, env: Env, commandName: string): string {
  const setting = pick(flagValue, '--token', env, 'SWITCHYARD_TOKEN');
  if (!setting) {
    throw new UsageError(`${commandName} needs a proxy token (sy-…): set SWITCHYARD_TOKEN or pass --token`);
  }
  if (!PROXY_TOKEN_PATTERN.test(setting.value)) {
    const hint = ADMIN_KEY_PATTERN.test(setting.value)
      ? '; that looks like an admin API key, which belongs in SWITCHYARD_API_KEY'
      : '';
    throw new UsageError(`${setting.source} is not a proxy token: it should start with sy-${hint}`);
  }
  return setting.value;
}
