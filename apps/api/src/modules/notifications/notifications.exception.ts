import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum NotificationsErrorCode {
  ChannelNotFound = 'channel_not_found',
  UrlNotAllowed = 'url_not_allowed',
}

export class NotificationsException extends Error implements MapsToHttpError {
  constructor(
    readonly code: NotificationsErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case NotificationsErrorCode.ChannelNotFound:
        return { ...base, status: 404, type: 'not_found_error' };
      case NotificationsErrorCode.UrlNotAllowed:
        return { ...base, status: 400, type: 'invalid_request_error' };
    }
  }
}
