import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** Cloud metadata services: never an LLM provider, always a way to steal the host's credentials. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data']);

/** Ranges no provider lives in: link-local (metadata services live here), unspecified, multicast, reserved. */
const NEVER = new Set(['linkLocal', 'unspecified', 'multicast', 'broadcast', 'reserved']);
/** This machine and the networks around it: a provider may live here only when the operator says so. */
const PRIVATE = new Set(['private', 'loopback', 'uniqueLocal', 'carrierGradeNat']);

const DNS_TIMEOUT_MS = 2000;

async function addressesOf(host: string): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(bare)) return [bare];
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('DNS lookup timed out')), DNS_TIMEOUT_MS).unref(),
  );
  try {
    return (await Promise.race([lookup(bare, { all: true, verbatim: true }), timeout])).map((a) => a.address);
  } catch {
    // A name that does not resolve now reaches nothing now; the relay fails on it like on any dead host.
    return [];
  }
}

/**
 * Why `url` may not be called by the gateway; undefined when it may. Link-local and cloud metadata addresses never;
 * private ranges and this machine only when `allowPrivate` (the message names `setting`, which allows them). A host
 * name is judged by every address it resolves to now (a name that later resolves elsewhere is not caught here).
 */
export async function outboundAddressProblem(
  url: string,
  allowPrivate: boolean,
  setting: string,
): Promise<string | undefined> {
  const host = new URL(url).hostname.toLowerCase();
  if (METADATA_HOSTS.has(host)) return `must not point at a cloud metadata service (${host})`;
  for (const raw of await addressesOf(host)) {
    const address = ipaddr.process(raw);
    const shown = address.toString();
    const range = address.range();
    if (METADATA_ADDRESSES.has(shown) || NEVER.has(range))
      return `must not point at a link-local, metadata or reserved address (${shown})`;
    if (PRIVATE.has(range) && !allowPrivate)
      return `points at a private address (${shown}); set ${setting}=true to allow it`;
  }
  return undefined;
}

/** Where a provider base URL may point: private ranges only with SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS=true. */
@Injectable()
export class UpstreamAddressPolicy {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Why `url` may not be a provider's base URL; undefined when it may. */
  problem(url: string): Promise<string | undefined> {
    return outboundAddressProblem(
      url,
      this.config.allowPrivateUpstreams,
      'SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS',
    );
  }
}
