import { Delete, Get, Put } from '@nestjs/common';
import {
  DocumentBody,
  DocumentQuery,
  ZodBody,
  ZodParam,
  ZodQuery,
} from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import {
  type ListPricesQuery,
  listPricesSchema,
  modelNameSchema,
  providerNameSchema,
  type UpsertPriceBody,
  upsertPriceSchema,
} from './pricing.schemas.js';
import { PricingService } from './pricing.service.js';

@AdminController('pricing', 'pricing')
export class PricingController {
  constructor(private readonly pricing: PricingService) {}

  @Get()
  @RequirePermission(Permission.PricingRead)
  @DocumentQuery(listPricesSchema)
  list(@ZodQuery(listPricesSchema) query: ListPricesQuery) {
    return this.pricing.list(query);
  }

  @Put()
  @RequirePermission(Permission.PricingManage)
  @DocumentBody(upsertPriceSchema)
  upsert(@Auth() auth: AuthContext, @ZodBody(upsertPriceSchema) body: UpsertPriceBody) {
    return this.pricing.upsert(auth, body);
  }

  /** A model id containing "/" is sent URL-encoded: /admin/pricing/openrouter/openai%2Fgpt-4o. */
  @Delete(':provider/:model')
  @RequirePermission(Permission.PricingManage)
  remove(
    @Auth() auth: AuthContext,
    @ZodParam('provider', providerNameSchema) provider: string,
    @ZodParam('model', modelNameSchema) model: string,
  ) {
    return this.pricing.remove(auth, provider, model);
  }
}
