import { Injectable } from '@nestjs/common';
import { type ApiKey } from '@switchyard/contracts';
import { issueToken } from '@switchyard/crypto';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { ApiCredentialsRepository } from './api-credentials.repository.js';
import { type CreateApiKeyBody } from './api-keys.schemas.js';
import { ApiKeysErrorCode, ApiKeysException } from './api-keys.exception.js';

type Credential = NonNullable<Awaited<ReturnType<ApiCredentialsRepository['findById']>>>;

const toView = (key: Credential): ApiKey =>
  ({
    id: key.id,
    name: key.name,
    role: key.role,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  }) satisfies ApiKey;

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly credentials: ApiCredentialsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(auth: AuthContext, body: CreateApiKeyBody): Promise<ApiKey & { key: string }> {
    if (body.role === 'owner' && auth.role !== 'owner') {
      throw new ApiKeysException(
        ApiKeysErrorCode.RoleTooHigh,
        'Only an owner can create an owner API key',
        'role',
      );
    }
    if (body.role === 'team_admin' || body.role === 'member') {
      throw new ApiKeysException(
        ApiKeysErrorCode.TeamRoleNotAllowed,
        'API keys are for organisation-wide roles: owner, admin or auditor',
        'role',
      );
    }
    if (body.expiresAt && body.expiresAt.getTime() <= Date.now()) {
      throw new ApiKeysException(
        ApiKeysErrorCode.ExpiryInPast,
        'expiresAt must be in the future',
        'expiresAt',
      );
    }
    const issued = issueToken('sya');
    const key = await this.credentials.create({
      name: body.name,
      role: body.role,
      hash: issued.hash,
      prefix: issued.prefix,
      createdById: auth.kind === 'user' ? auth.id : null,
      expiresAt: body.expiresAt ?? null,
    });
    const view = toView(key);
    await this.audit.record(auth, 'api_key.create', { type: 'api_key', id: key.id }, { after: view });
    return { ...view, key: issued.token };
  }

  async list(cursor: string | undefined, limit: number): Promise<Page<ApiKey>> {
    const rows = await this.credentials.list(decodeCursor(cursor, z.uuid()), limit + 1);
    const page = toPage(rows, limit, (row) => row.id);
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  async revoke(auth: AuthContext, id: string): Promise<ApiKey> {
    const existing = await this.credentials.findById(id);
    if (!existing) throw new ApiKeysException(ApiKeysErrorCode.NotFound, `No API key with id ${id}`, 'id');
    if (existing.revokedAt) return toView(existing);
    const revoked = await this.credentials.revoke(id, new Date());
    await this.audit.record(
      auth,
      'api_key.revoke',
      { type: 'api_key', id },
      { before: toView(existing), after: toView(revoked) },
    );
    return toView(revoked);
  }
}
