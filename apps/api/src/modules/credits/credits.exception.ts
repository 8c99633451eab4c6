import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum CreditsErrorCode {
  TeamNotFound = 'team_not_found',
  BudgetNotSet = 'budget_not_set',
  LimitBelowZero = 'limit_below_zero',
  CreditLimitExceeded = 'credit_limit_exceeded',
  CreditUnavailable = 'credit_unavailable',
}

export class CreditsException extends Error implements MapsToHttpError {
  constructor(
    readonly code: CreditsErrorCode,
    message: string,
    readonly param: string | null = null,
    /** For a refusal: which budget refused (`scope`), its `limitUsd`, `spentUsd` and `resetsAt`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param, details: this.details };
    switch (this.code) {
      case CreditsErrorCode.TeamNotFound:
        return { ...base, status: 404, type: 'not_found_error' };
      case CreditsErrorCode.BudgetNotSet:
        return { ...base, status: 409, type: 'conflict_error' };
      case CreditsErrorCode.LimitBelowZero:
        return { ...base, status: 400, type: 'invalid_request_error' };
      case CreditsErrorCode.CreditLimitExceeded:
        return { ...base, status: 402, type: 'insufficient_quota' };
      case CreditsErrorCode.CreditUnavailable:
        return { ...base, status: 503, type: 'service_unavailable' };
    }
  }
}
