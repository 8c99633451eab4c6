import { type KeyTier, type ProviderType } from '../../../database/generated/enums.js';

/** One key found in an import file, before its provider is resolved or it is checked. */
export interface ImportEntry {
  /** 1-based line of the file the key is on. */
  line: number;
  /** The provider the entry names: the `.env` prefix, or the YAML `provider` field. */
  provider: string | null;
  secret: string | null;
  /** Null: the import's default tier. */
  tier: KeyTier | null;
  label: string | null;
  models: string[];
  weight: number | null;
  maxConcurrency: number | null;
  /** YAML only: where the provider lives, which may create a custom provider. */
  baseUrl: string | null;
  /** YAML only: an explicit name for the (possibly new) provider. */
  providerName: string | null;
  /** YAML only: the wire format of a new provider. */
  providerType: ProviderType | null;
  /** Why the entry cannot be imported, found while reading it. */
  problem: string | null;
  /** Why the line is not a provider key at all (`.env` only: `PORT=3000`, the seed proxy's `PROXY_API_KEY`). */
  skip: string | null;
}

export const blankEntry = (line: number): ImportEntry => ({
  line,
  provider: null,
  secret: null,
  tier: null,
  label: null,
  models: [],
  weight: null,
  maxConcurrency: null,
  baseUrl: null,
  providerName: null,
  providerType: null,
  problem: null,
  skip: null,
});

/** The file itself cannot be read: nothing of it is imported, and the answer names the line. */
export class ImportSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}
