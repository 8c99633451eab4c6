import { Injectable } from '@nestjs/common';
import { type RequestDetail, type RequestRow, type RequestStatus } from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type AuthContext, isTeamScoped, visibleTeamIds } from '../auth/auth-context.js';
import { type RequestRecord, RequestsRepository } from './requests.repository.js';
import { type RequestListQuery } from './requests.schemas.js';
import { RequestsErrorCode, RequestsException } from './requests.exception.js';

const usd = (micros: bigint) => Number(micros) / 1e6;
const usdOrNull = (micros: bigint | null) => (micros === null ? null : usd(micros));

function statusOf(record: RequestRecord): RequestStatus {
  if (record.refused) return 'refused';
  return record.status >= 400 ? 'error' : 'ok';
}

/** Team roles see no provider keys, as in usage. */
function toRow(record: RequestRecord, showKeys: boolean): RequestRow {
  return {
    requestId: record.requestId,
    at: record.at.toISOString(),
    teamId: record.teamId,
    teamName: record.teamName,
    tokenId: record.tokenId,
    tokenName: record.tokenName,
    user: record.user,
    model: record.modelKey === '' ? null : record.modelKey,
    keyId: showKeys ? record.keyId : null,
    keyLabel: showKeys ? record.keyLabel : null,
    endpoint: record.endpoint,
    stream: record.stream,
    attempts: record.attempts,
    status: statusOf(record),
    httpStatus: record.status,
    errorClass: record.errorClass,
    promptTokens: record.promptTokens,
    completionTokens: record.completionTokens,
    cachedTokens: record.cachedTokens,
    costUsd: usd(record.costMicros),
    unpriced: record.unpriced,
    latencyMs: record.latencyMs,
  } satisfies RequestRow;
}

const cursorShape = z.tuple([z.iso.datetime(), z.string().regex(/^\d{1,19}$/)]);

/** GET /admin/requests: each request as its usage event recorded it. */
@Injectable()
export class RequestsService {
  constructor(private readonly repository: RequestsRepository) {}

  async list(auth: AuthContext, query: RequestListQuery): Promise<Page<RequestRow>> {
    const scoped = isTeamScoped(auth);
    if (scoped && query.keyId) {
      throw new RequestsException(
        RequestsErrorCode.KeysNotVisible,
        'Provider keys are visible to organisation roles only',
        'keyId',
      );
    }
    const teamIds = visibleTeamIds(auth, query.teamId);
    if (teamIds && teamIds.length === 0) return { items: [], nextCursor: null };
    const cursor = decodeCursor(query.cursor, cursorShape);
    const before = cursor ? { at: new Date(cursor[0]), id: BigInt(cursor[1]) } : undefined;
    const records = await this.repository.list(
      {
        teamIds,
        tokenId: query.tokenId,
        user: query.user,
        model: query.model,
        keyId: query.keyId,
        status: query.status,
        from: query.from,
        to: query.to,
      },
      before,
      query.limit + 1,
    );
    const page = toPage(records, query.limit, (record) => [record.at.toISOString(), record.id.toString()]);
    return { items: page.items.map((record) => toRow(record, !scoped)), nextCursor: page.nextCursor };
  }

  /** Another team's request answers exactly like one that does not exist. */
  async get(auth: AuthContext, requestId: string): Promise<RequestDetail> {
    const record = await this.repository.find(requestId);
    const visible =
      record !== null && (!isTeamScoped(auth) || (record.teamId !== null && auth.teams.has(record.teamId)));
    if (!visible) {
      throw new RequestsException(
        RequestsErrorCode.RequestNotFound,
        `No request ${requestId} was recorded`,
        'requestId',
      );
    }
    return {
      ...toRow(record, !isTeamScoped(auth)),
      provider: record.provider,
      reasoningTokens: record.reasoningTokens,
      estimated: record.estimated,
      ttftMs: record.ttftMs,
      upstreamMs: record.upstreamMs,
      overheadMs: record.overheadMs,
      inputUsdPerMTok: usdOrNull(record.inputPerMTok),
      outputUsdPerMTok: usdOrNull(record.outputPerMTok),
      cachedInputUsdPerMTok: usdOrNull(record.cachedInputPerMTok),
    } satisfies RequestDetail;
  }
}
