import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum UsersErrorCode {
  EmailTaken = 'email_taken',
  OwnerOnly = 'owner_only',
  NotFound = 'user_not_found',
  LastOwner = 'last_owner',
}

export class UsersException extends Error implements MapsToHttpError {
  constructor(
    readonly code: UsersErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case UsersErrorCode.EmailTaken:
      case UsersErrorCode.LastOwner:
        return { ...base, status: 409, type: 'conflict_error' };
      case UsersErrorCode.OwnerOnly:
        return { ...base, status: 403, type: 'permission_error' };
      case UsersErrorCode.NotFound:
        return { ...base, status: 404, type: 'not_found_error' };
    }
  }
}
