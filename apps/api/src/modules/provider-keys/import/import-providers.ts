import { type ProviderType } from '../../../database/generated/enums.js';
import { normalizeBaseUrl, providerNameFromUrl } from '../../providers/base-url.js';
import { PROVIDER_TYPES, providerNameSchema } from '../../providers/providers.schemas.js';
import { type ImportEntry } from './import-entry.js';

/** A provider an import can use; `id` is null for one a dry run is told will exist (declared in the same file). */
export interface KnownProvider {
  id: string | null;
  name: string;
  type: ProviderType;
  baseUrl: string;
}

/** The provider an entry's key belongs to; `id` is null for a provider the import creates. */
export interface ImportTarget {
  id: string | null;
  name: string;
  type: ProviderType;
  baseUrl: string;
}

export type Resolution =
  | { target: ImportTarget }
  | {
      problem: string;
      /** The entry names no known provider and says nothing else: in a `.env` that is another variable. */
      unknownProvider?: true;
    };

/**
 * Decides which provider each entry belongs to, planning the custom providers an import creates:
 * - no `base_url` and no `name`: the provider named by the entry (`.env` prefix or YAML `provider`) must exist;
 * - `name`: that provider, created with `base_url` if it does not exist yet;
 * - `base_url` alone: an existing provider with that base URL (preferring one named `provider`), else a new provider
 *   named after the URL's host and port, e.g. `llm-example-com` or `127-0-0-1-8080`.
 * A new provider takes its type from `type`, else from the provider `provider` names, else openai.
 */
export class ImportProviderResolver {
  private readonly byName: Map<string, KnownProvider>;
  private readonly planned = new Map<string, ImportTarget>();

  constructor(private readonly existing: KnownProvider[]) {
    this.byName = new Map(existing.map((provider) => [provider.name, provider]));
  }

  /** Providers to create, in the order entries first needed them. */
  get plannedProviders(): ImportTarget[] {
    return [...this.planned.values()];
  }

  resolve(entry: ImportEntry): Resolution {
    let url: string | null = null;
    if (entry.baseUrl !== null) {
      const normalized = normalizeBaseUrl(entry.baseUrl);
      if ('problem' in normalized) return { problem: `base_url ${normalized.problem}` };
      url = normalized.url;
    }
    if (entry.providerName !== null) return this.byExplicitName(entry, entry.providerName, url);
    if (url !== null) return this.byBaseUrl(entry, url);
    if (!entry.provider) return { problem: 'provider is required' };
    const known = this.known(entry.provider);
    return known
      ? { target: known }
      : { problem: `no provider named ${entry.provider}`, unknownProvider: true };
  }

  private byExplicitName(entry: ImportEntry, name: string, url: string | null): Resolution {
    const valid = providerNameSchema.safeParse(name);
    if (!valid.success) return { problem: `name ${valid.error.issues[0]?.message ?? 'is invalid'}` };
    const stored = this.byName.get(name);
    if (stored) {
      if (url !== null && url !== stored.baseUrl) {
        return { problem: `provider ${name} already exists with base URL ${stored.baseUrl}` };
      }
      return { target: stored };
    }
    if (url === null) {
      const planned = this.planned.get(name);
      return planned
        ? { target: planned }
        : { problem: `no provider named ${name}; add base_url to create it` };
    }
    return this.plan(name, this.typeFor(entry), url);
  }

  private byBaseUrl(entry: ImportEntry, url: string): Resolution {
    const sameUrl = [...this.existing, ...this.planned.values()].filter((p) => p.baseUrl === url);
    const match = sameUrl.find((p) => p.name === entry.provider) ?? sameUrl[0];
    if (match) return { target: this.known(match.name)! };
    const name = providerNameFromUrl(url);
    if (!name) return { problem: 'base_url has no host to name a provider after; add name' };
    if (this.byName.has(name)) {
      return { problem: `a provider named ${name} already exists with another base URL; add name` };
    }
    return this.plan(name, this.typeFor(entry), url);
  }

  private plan(name: string, type: ProviderType, baseUrl: string): Resolution {
    const planned = this.planned.get(name);
    if (planned) {
      return planned.baseUrl === baseUrl
        ? { target: planned }
        : { problem: `provider ${name} is given two base URLs in this import` };
    }
    const target = { id: null, name, type, baseUrl };
    this.planned.set(name, target);
    return { target };
  }

  private known(name: string): ImportTarget | undefined {
    return this.byName.get(name) ?? this.planned.get(name);
  }

  private typeFor(entry: ImportEntry): ProviderType {
    if (entry.providerType) return entry.providerType;
    const named = entry.provider ? this.byName.get(entry.provider) : undefined;
    if (named) return named.type;
    return (PROVIDER_TYPES as readonly string[]).includes(entry.provider ?? '')
      ? (entry.provider as ProviderType)
      : 'openai';
  }
}
