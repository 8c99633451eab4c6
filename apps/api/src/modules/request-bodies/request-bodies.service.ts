import { Injectable } from '@nestjs/common';
import { type RequestBody } from '@switchyard/contracts';
import { AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { RequestBodiesErrorCode, RequestBodiesException } from './request-bodies.exception.js';
import { RequestBodiesRepository } from './request-bodies.repository.js';
import { toRequestBodyView } from './request-body.view.js';

/** Logged bodies are read by organisation roles only, and every read is on the audit record. */
@Injectable()
export class RequestBodiesService {
  constructor(
    private readonly bodies: RequestBodiesRepository,
    private readonly audit: AuditService,
  ) {}

  async read(auth: AuthContext, requestId: string): Promise<RequestBody> {
    const row = await this.bodies.find(requestId);
    if (!row) {
      throw new RequestBodiesException(
        RequestBodiesErrorCode.BodyNotFound,
        `No logged body for request ${requestId}: its token and team did not log bodies, or it was deleted after the retention period`,
        'requestId',
      );
    }
    await this.audit.record(
      auth,
      'request_body.read',
      { type: 'request', id: requestId },
      { after: { requestId, teamId: row.teamId, tokenId: row.tokenId } },
    );
    return toRequestBodyView(row);
  }
}
