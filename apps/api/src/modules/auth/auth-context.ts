import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Role } from '../../database/generated/enums.js';

export type TeamRole = 'team_admin' | 'member';

/** Who is calling the control plane, and from where: everything permission checks and audit need. */
export interface AuthContext {
  kind: 'user' | 'api_key';
  id: string;
  /** Email of a user, name of an API key. */
  label: string;
  role: Role;
  /** Team memberships; only consulted for the team-scoped roles. */
  teams: ReadonlyMap<string, TeamRole>;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  /** The console session a user's request was made with; absent for API keys. */
  sessionId?: string;
}

/** Where an action comes from when no one is signed in: a login attempt, start-up bootstrap. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export const isTeamScoped = (auth: AuthContext) => auth.role === 'team_admin' || auth.role === 'member';

/**
 * The teams whose records a read may return: a team-scoped role's own teams (of which `requested` filters, so
 * another team's id gives none), anyone else's `requested` team, or undefined for every team.
 */
export function visibleTeamIds(auth: AuthContext, requested: string | undefined): string[] | undefined {
  if (!isTeamScoped(auth)) return requested ? [requested] : undefined;
  const own = [...auth.teams.keys()];
  return requested ? own.filter((id) => id === requested) : own;
}

export const Auth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const request = context.switchToHttp().getRequest<{ user?: AuthContext }>();
  if (!request.user) throw new Error('Auth() used on a route without the admin guard');
  return request.user;
});

export const Origin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin => {
  const request = context
    .switchToHttp()
    .getRequest<{ ip?: string; id: string; headers: Record<string, string | undefined> }>();
  return originOf(request);
});

export function originOf(request: {
  ip?: string;
  id: string;
  headers: Record<string, string | string[] | undefined>;
}): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
    requestId: request.id,
  };
}
