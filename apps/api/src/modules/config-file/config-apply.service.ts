import { Injectable } from '@nestjs/common';
import { type ConfigApply } from '@switchyard/contracts';
import { errorBody } from '../../common/errors/http-error.js';
import { type AnonymousActor, AuditService } from '../audit/audit.service.js';
import { type AuthContext } from '../auth/auth-context.js';
import { type ApplyConfigBody } from './config-apply.schemas.js';
import { loadConfigDocumentReader } from './config-document.loader.js';
import { ConfigFileApplier } from './config-file.applier.js';
import { ConfigFilePlanner } from './config-file.planner.js';
import { ConfigImportLock } from './config-import-lock.repository.js';
import { type ConfigProblem } from './config-problem.js';

export type ApplyOutcome =
  | { httpStatus: 200; body: ConfigApply }
  | { httpStatus: 400; body: ReturnType<typeof errorBody> & { problems: ConfigProblem[] } };

/**
 * `POST /admin/config/apply`: the SWITCHYARD_CONFIG format sent by an admin (or `switchyard apply`). Checked whole
 * before anything is written, exactly as at start; each change is audited with the actor `config`, and one
 * `config.apply` event names the admin who applied it. A file that already matches changes and audits nothing.
 */
@Injectable()
export class ConfigApplyService {
  constructor(
    private readonly planner: ConfigFilePlanner,
    private readonly applier: ConfigFileApplier,
    private readonly lock: ConfigImportLock,
    private readonly audit: AuditService,
  ) {}

  async apply(auth: AuthContext, body: ApplyConfigBody): Promise<ApplyOutcome> {
    const { readConfigDocument } = await loadConfigDocumentReader();
    const read = readConfigDocument(body.content);
    if ('problems' in read) return refused(read.problems);
    const { document } = read;
    return this.lock.exclusively(async (): Promise<ApplyOutcome> => {
      const planned = await this.planner.plan(document);
      if ('problems' in planned) return refused(planned.problems);
      const { plan } = planned;
      const changing = plan.changes.filter((change) => change.action !== 'unchanged');
      if (!body.dryRun && changing.length > 0) {
        const actor: AnonymousActor = {
          kind: 'system',
          label: 'config',
          ip: auth.ip,
          userAgent: auth.userAgent,
          requestId: auth.requestId,
        };
        await this.applier.apply(document, plan, actor);
        await this.audit.record(
          auth,
          'config.apply',
          { type: 'config', id: null },
          { after: { changes: changing } },
        );
      }
      return { httpStatus: 200, body: { dryRun: body.dryRun, changes: plan.changes } };
    });
  }
}

function refused(problems: ConfigProblem[]): ApplyOutcome {
  const ordered = [...problems].sort((a, b) => a.line - b.line);
  const first = ordered[0]!;
  const more = ordered.length > 1 ? ` (and ${ordered.length - 1} more)` : '';
  return {
    httpStatus: 400,
    body: {
      ...errorBody({
        type: 'invalid_request_error',
        code: 'config_rejected',
        message: `nothing was applied: line ${first.line}: ${first.field ? `${first.field}: ` : ''}${first.message}${more}`,
        param: 'content',
      }),
      problems: ordered,
    },
  };
}
