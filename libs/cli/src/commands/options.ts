import { InvalidArgumentError } from 'commander';

export function parseTemperature(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 2) {
    throw new InvalidArgumentError('must be a number from 0 to 2');
  }
  return number;
}

export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError('must be a whole number of at least 1');
  }
  return number;
}

export function parseSeconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0.1 || number > 3600) {
    throw new InvalidArgumentError('must be a number of seconds from 0.1 to 3600');
  }
  return number;
}

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_KEY_ID = /^[a-z0-9][a-z0-9-]*-[0-9a-f]{10}$/;

/** A provider key id as `status` shows it: a UUID from the API, `provider-<digest>` in local mode. */
export function parseKeyId(value: string): string {
  if (!KEY_ID.test(value) && !LOCAL_KEY_ID.test(value)) {
    throw new InvalidArgumentError('must be a key id as switchyard status shows it');
  }
  return value;
}
