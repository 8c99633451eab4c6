import { Injectable } from '@nestjs/common';
import { type Provider } from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { ProviderChangeFeed } from './provider-change-feed.js';
import { UpstreamAddressPolicy } from './upstream-address.js';
import { toProviderView } from './provider.view.js';
import { ProvidersErrorCode, ProvidersException } from './providers.exception.js';
import { ProviderStillHasKeys, ProvidersRepository } from './providers.repository.js';
import {
  type CreateProviderBody,
  type ListProvidersQuery,
  type UpdateProviderBody,
} from './providers.schemas.js';

@Injectable()
export class ProvidersService {
  constructor(
    private readonly providers: ProvidersRepository,
    private readonly audit: AuditService,
    private readonly changes: ProviderChangeFeed,
    private readonly addresses: UpstreamAddressPolicy,
  ) {}

  async list(query: ListProvidersQuery): Promise<Page<Provider>> {
    const rows = await this.providers.list(decodeCursor(query.cursor, z.string()), query.limit + 1);
    const page = toPage(rows, query.limit, (row) => row.name);
    return { items: page.items.map(toProviderView), nextCursor: page.nextCursor };
  }

  async get(name: string): Promise<Provider> {
    return toProviderView(await this.require(name));
  }

  async create(auth: Actor, body: CreateProviderBody): Promise<Provider> {
    await this.assertAddressAllowed(body.baseUrl);
    const view = toProviderView(await this.providers.create(body));
    await this.audit.record(auth, 'provider.create', { type: 'provider', id: view.name }, { after: view });
    await this.changes.publish({ reason: 'provider_created', keyIds: [], provider: view.name });
    return view;
  }

  async update(auth: Actor, name: string, body: UpdateProviderBody): Promise<Provider> {
    const existing = await this.require(name);
    const before = toProviderView(existing);
    const baseUrl = body.baseUrl ?? existing.baseUrl;
    const servesResponses = body.servesResponses ?? existing.servesResponses;
    if (existing.baseUrl === baseUrl && existing.servesResponses === servesResponses) return before;
    if (servesResponses && existing.type !== 'openai')
      throw new ProvidersException(
        ProvidersErrorCode.InvalidSetting,
        `${name} is a ${existing.type} provider; only an openai-type provider can serve the Responses API`,
        'servesResponses',
      );
    if (existing.baseUrl !== baseUrl) {
      // Repointing a provider that holds keys sends those keys to the new host: an owner decides that.
      if (before.keyCount > 0 && 'role' in auth && auth.role !== 'owner')
        throw new ProvidersException(
          ProvidersErrorCode.OwnerOnly,
          `${name} holds ${before.keyCount} key(s); only an owner may point it at another host`,
          'baseUrl',
        );
      await this.assertAddressAllowed(baseUrl);
    }
    const after = toProviderView(await this.providers.update(existing.id, { baseUrl, servesResponses }));
    await this.audit.record(
      auth,
      'provider.update',
      { type: 'provider', id: name },
      {
        before: { ...before, host: new URL(before.baseUrl).host },
        after: { ...after, host: new URL(after.baseUrl).host },
      },
    );
    await this.changes.publish({ reason: 'provider_updated', keyIds: [], provider: name });
    return after;
  }

  async remove(auth: AuthContext, name: string): Promise<void> {
    const existing = await this.require(name);
    if (existing.builtIn) {
      throw new ProvidersException(
        ProvidersErrorCode.BuiltIn,
        `${name} is a built-in provider and cannot be deleted; change its baseUrl instead`,
        'name',
      );
    }
    try {
      await this.providers.deleteWithRetiredKeys(existing.id);
    } catch (error) {
      if (!(error instanceof ProviderStillHasKeys)) throw error;
      throw new ProvidersException(
        ProvidersErrorCode.HasKeys,
        `${name} still has keys; delete them first`,
        'name',
      );
    }
    await this.audit.record(
      auth,
      'provider.delete',
      { type: 'provider', id: name },
      { before: toProviderView(existing) },
    );
    await this.changes.publish({ reason: 'provider_deleted', keyIds: [], provider: name });
  }

  private async assertAddressAllowed(baseUrl: string): Promise<void> {
    const problem = await this.addresses.problem(baseUrl);
    if (problem)
      throw new ProvidersException(ProvidersErrorCode.AddressRefused, `baseUrl ${problem}`, 'baseUrl');
  }

  private async require(name: string) {
    const provider = await this.providers.findByName(name);
    if (!provider) {
      throw new ProvidersException(ProvidersErrorCode.NotFound, `No provider named ${name}`, 'name');
    }
    return provider;
  }
}
