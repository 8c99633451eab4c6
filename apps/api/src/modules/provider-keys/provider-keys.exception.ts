import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum ProviderKeysErrorCode {
  NotFound = 'provider_key_not_found',
  UnknownProvider = 'unknown_provider',
  ValidationFailed = 'key_validation_failed',
  Duplicate = 'duplicate_key',
  ImportMalformed = 'import_malformed',
  ImportEmpty = 'import_empty',
  ImportTooLarge = 'import_too_large',
  MasterKeyMissing = 'master_key_missing',
}

export class ProviderKeysException extends Error implements MapsToHttpError {
  constructor(
    readonly code: ProviderKeysErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case ProviderKeysErrorCode.NotFound:
        return { ...base, status: 404, type: 'not_found_error' };
      case ProviderKeysErrorCode.UnknownProvider:
      case ProviderKeysErrorCode.ValidationFailed:
      case ProviderKeysErrorCode.ImportMalformed:
      case ProviderKeysErrorCode.ImportEmpty:
      case ProviderKeysErrorCode.ImportTooLarge:
        return { ...base, status: 400, type: 'invalid_request_error' };
      case ProviderKeysErrorCode.Duplicate:
        return { ...base, status: 409, type: 'conflict_error' };
      case ProviderKeysErrorCode.MasterKeyMissing:
        return { ...base, status: 500, type: 'api_error' };
    }
  }
}
