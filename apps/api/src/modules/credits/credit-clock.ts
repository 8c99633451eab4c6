import { Injectable } from '@nestjs/common';

/** The time budget periods are computed from; a spec moves it to cross a period boundary. */
@Injectable()
export class CreditClock {
  now(): Date {
    return new Date();
  }
}
