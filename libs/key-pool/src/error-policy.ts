import type { ErrorClass, FailureScope } from './error-class.js';

export interface ErrorPolicy {
  /** Whether another key may succeed where this one failed. */
  rotate: boolean;
  scope: FailureScope;
}

/** What each class of failure means for the request (rotate?) and for the pool (which state it cools). */
export const ERROR_POLICY: Readonly<Record<ErrorClass, ErrorPolicy>> = {
  rate_limit: { rotate: true, scope: 'key_model' },
  quota_exhausted: { rotate: true, scope: 'key_model' },
  billing: { rotate: true, scope: 'key' },
  auth: { rotate: true, scope: 'key' },
  forbidden: { rotate: true, scope: 'key' },
  model_not_found: { rotate: true, scope: 'key_model' },
  // The client's own request is at fault: every key would give the same answer, so it goes back to the client.
  bad_request: { rotate: false, scope: 'none' },
  server: { rotate: true, scope: 'key_model' },
  timeout: { rotate: true, scope: 'key_model' },
};

export const ERROR_CLASSES = Object.keys(ERROR_POLICY) as ErrorClass[];

export function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'string' && Object.hasOwn(ERROR_POLICY, value);
}
