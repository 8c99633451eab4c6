import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum ProvidersErrorCode {
  NotFound = 'provider_not_found',
  NameTaken = 'provider_exists',
  BuiltIn = 'provider_built_in',
  HasKeys = 'provider_has_keys',
  AddressRefused = 'upstream_address_refused',
  OwnerOnly = 'owner_only',
  InvalidSetting = 'invalid_provider_setting',
}

export class ProvidersException extends Error implements MapsToHttpError {
  constructor(
    readonly code: ProvidersErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case ProvidersErrorCode.NotFound:
        return { ...base, status: 404, type: 'not_found_error' };
      case ProvidersErrorCode.NameTaken:
      case ProvidersErrorCode.BuiltIn:
      case ProvidersErrorCode.HasKeys:
        return { ...base, status: 409, type: 'conflict_error' };
      case ProvidersErrorCode.AddressRefused:
      case ProvidersErrorCode.InvalidSetting:
        return { ...base, status: 400, type: 'invalid_request_error' };
      case ProvidersErrorCode.OwnerOnly:
        return { ...base, status: 403, type: 'permission_error' };
    }
  }
}
