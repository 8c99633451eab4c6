import { Injectable } from '@nestjs/common';

/** Set once a shutdown begins: from then on new requests get 503 and readiness fails. */
@Injectable()
export class DrainState {
  draining = false;

  begin(): void {
    this.draining = true;
  }
}
