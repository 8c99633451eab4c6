import { type AnonymousActor } from '../audit/audit.service.js';

/** Who every change the file makes is audited as. */
export const CONFIG_ACTOR: AnonymousActor = {
  kind: 'system',
  label: 'SWITCHYARD_CONFIG',
  ip: null,
  userAgent: null,
  requestId: 'startup',
};
