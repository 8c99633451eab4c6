import { Injectable } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { PriceTable } from '../pricing/price-table.js';
import { ProvidersRepository } from '../providers/providers.repository.js';
import { RouteTable } from '../routes/route-table.js';
import { modelAllowed } from './model-access.js';
import { ProxyAdmission } from './proxy-admission.js';

const CREATED = Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000);

/** What a token can reach, for `GET /v1/models` and `GET /v1/providers`. */
@Injectable()
export class ModelDirectoryService {
  constructor(
    private readonly admission: ProxyAdmission,
    private readonly pricing: PriceTable,
    private readonly routes: RouteTable,
    private readonly gateway: GatewayKeyPool,
    private readonly providerRows: ProvidersRepository,
  ) {}

  /** Priced models, aliases and key-declared models of every provider this token may reach, as `provider/model`. */
  async models(request: FastifyRequest) {
    const principal = await this.admission.authenticate(request);
    const reachable = new Set(this.gateway.snapshot().map((key) => key.provider));
    const ids = new Set<string>();
    for (const price of this.pricing.list())
      if (reachable.has(price.provider)) ids.add(`${price.provider}/${price.model}`);
    for (const id of this.gateway.declaredModels()) ids.add(id);
    // Keys that declare no models serve whatever the provider offers; the ones already called are known.
    for (const key of this.gateway.snapshot())
      for (const model of key.models) ids.add(`${key.provider}/${model.model}`);
    const visible = [...ids].filter((id) => modelAllowed(principal.allowedModels, id));
    const aliases = this.routes
      .aliases()
      .filter((alias) => principal.allowedModels.length === 0 || principal.allowedModels.includes(alias));
    return {
      object: 'list',
      data: [...visible, ...aliases].sort().map((id) => ({
        id,
        object: 'model',
        created: CREATED,
        owned_by: id.includes('/') ? id.split('/')[0] : 'switchyard',
      })),
    };
  }

  async providers(request: FastifyRequest) {
    await this.admission.authenticate(request);
    const keyCounts = new Map<string, number>();
    for (const key of this.gateway.snapshot())
      keyCounts.set(key.provider, (keyCounts.get(key.provider) ?? 0) + 1);
    const providers = await this.providerRows.findAll();
    return {
      object: 'list',
      data: providers.map((provider) => ({
        id: provider.name,
        object: 'provider',
        type: provider.type,
        keys: keyCounts.get(provider.name) ?? 0,
      })),
    };
  }
}
