import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum PricingErrorCode {
  PriceNotFound = 'price_not_found',
}

export class PricingException extends Error implements MapsToHttpError {
  constructor(
    readonly code: PricingErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case PricingErrorCode.PriceNotFound:
        return { ...base, status: 404, type: 'not_found_error' };
    }
  }
}
