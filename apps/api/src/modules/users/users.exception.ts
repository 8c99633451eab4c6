import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum UsersErrorCode {
  EmailTaken = 'email_taken',
  OwnerOnly = 'owner_only',
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
        return { ...base, status: 409, type: 'conflict_error' };
      case UsersErrorCode.OwnerOnly:
        return { ...base, status: 403, type: 'permission_error' };
    }
  }
}
