import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum RoutesErrorCode {
  RouteNotFound = 'route_not_found',
  AliasShadowsProvider = 'alias_shadows_provider',
  UnknownProvider = 'unknown_provider',
}

export class RoutesException extends Error implements MapsToHttpError {
  constructor(
    readonly code: RoutesErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case RoutesErrorCode.RouteNotFound:
        return { ...base, status: 404, type: 'not_found_error' };
      case RoutesErrorCode.AliasShadowsProvider:
      case RoutesErrorCode.UnknownProvider:
        return { ...base, status: 400, type: 'invalid_request_error' };
    }
  }
}
