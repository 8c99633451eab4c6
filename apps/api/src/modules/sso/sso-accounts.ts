import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { type OidcConfig } from '../../config/app-config.js';
import { type AnonymousActor, AuditService } from '../audit/audit.service.js';
import { type RequestOrigin } from '../auth/auth-context.js';
import { TeamsService } from '../teams/teams.service.js';
import {
  EmailTaken,
  LastOwner,
  UsersRepository,
  type UserWithMemberships,
} from '../users/users.repository.js';
import { governedTeams, mapClaims, type MappedClaims } from './sso-claims.js';
import { SsoErrorCode, SsoException } from './sso.exception.js';

/** At most this many of a refused user's groups go into the audit event. */
const GROUPS_RECORDED = 50;

export interface IdentityClaims extends Record<string, unknown> {
  sub: string;
}

/**
 * Accounts of people who sign in through single sign-on. The first sign-in creates the account (or links an
 * existing one by email); every sign-in sets the role and the mapped teams from the identity provider's groups
 * again. Someone whose groups map to no role is refused, and no account is made for them.
 */
@Injectable()
export class SsoAccounts {
  constructor(
    private readonly users: UsersRepository,
    private readonly teams: TeamsService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async signIn(issuer: string, claims: IdentityClaims, oidc: OidcConfig, origin: RequestOrigin) {
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
    const actor: AnonymousActor = { kind: 'system', label: 'sso', ...origin };
    const mapped = mapClaims(claims, oidc);
    if (!mapped.role) {
      await this.refuse(actor, email ?? claims.sub, 'no_role', mapped);
      throw new SsoException(
        SsoErrorCode.NoRole,
        mapped.groups.length === 0
          ? `Your identity provider sent no ${oidc.roleClaim} for you, so Switchyard cannot tell your role`
          : 'None of your groups at the identity provider grants access to Switchyard',
      );
    }
    let user = await this.findOrCreate(actor, issuer, claims, email, mapped);
    if (user.disabledAt) {
      await this.refuse(actor, user.email, 'disabled', mapped);
      throw new SsoException(SsoErrorCode.AccountDisabled, 'Your Switchyard account is disabled');
    }
    user = await this.reevaluate(actor, user, claims, mapped, oidc);
    return user;
  }

  private async findOrCreate(
    actor: AnonymousActor,
    issuer: string,
    claims: IdentityClaims,
    email: string | undefined,
    mapped: MappedClaims,
  ): Promise<UserWithMemberships> {
    const linked = await this.users.findByOidcIdentity(issuer, claims.sub);
    if (linked) return linked;
    if (!email)
      throw new SsoException(SsoErrorCode.NoEmail, 'Your identity provider sent no email address for you');
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.oidcSubject !== null || claims.email_verified === false)
        throw new SsoException(
          SsoErrorCode.IdentityConflict,
          `The account ${email} belongs to another identity; an admin must resolve it`,
        );
      const user = await this.users.linkOidcIdentity(existing.id, issuer, claims.sub);
      await this.audit.record(
        actor,
        'user.sso_link',
        { type: 'user', id: user.id },
        { after: { email, issuer } },
      );
      return user;
    }
    try {
      const user = await this.users.create({
        email,
        name: typeof claims.name === 'string' ? claims.name.slice(0, 200) : null,
        passwordHash: null,
        role: mapped.role!,
        oidcIssuer: issuer,
        oidcSubject: claims.sub,
      });
      await this.audit.record(
        actor,
        'user.create',
        { type: 'user', id: user.id },
        { after: { email, role: user.role, name: user.name, via: 'sso' } },
      );
      return user;
    } catch (error) {
      // Two first sign-ins at once: the other one made the account.
      if (!(error instanceof EmailTaken)) throw error;
      const raced = await this.users.findByOidcIdentity(issuer, claims.sub);
      if (!raced) throw error;
      return raced;
    }
  }

  private async reevaluate(
    actor: AnonymousActor,
    user: UserWithMemberships,
    claims: IdentityClaims,
    mapped: MappedClaims,
    oidc: OidcConfig,
  ): Promise<UserWithMemberships> {
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 200) : user.name;
    if (user.role !== mapped.role || user.name !== name) {
      try {
        const updated = await this.users.update(user.id, { role: mapped.role, name });
        await this.audit.record(
          actor,
          'user.update',
          { type: 'user', id: user.id },
          { before: { role: user.role, name: user.name }, after: { role: mapped.role, name, via: 'sso' } },
        );
        user = updated ?? user;
      } catch (error) {
        if (!(error instanceof LastOwner)) throw error;
        this.logger.warn({ userId: user.id }, 'single sign-on would demote the last owner; the role is kept');
      }
    }
    const governed = governedTeams(oidc);
    if (governed.length > 0) {
      const live = await this.teams.findLiveByNames(governed);
      const idOf = new Map(live.map((team) => [team.name, team.id]));
      const grants = new Map<string, 'team_admin' | 'member'>();
      for (const [team, role] of mapped.teams) {
        const teamId = idOf.get(team);
        if (teamId) grants.set(teamId, role);
        else this.logger.warn({ team }, 'SWITCHYARD_OIDC_TEAM_MAP names a team that does not exist; skipped');
      }
      await this.teams.syncMemberships(actor, user.id, user.memberships, grants, [...idOf.values()]);
    }
    return (await this.users.findById(user.id)) ?? user;
  }

  private async refuse(actor: AnonymousActor, who: string, reason: string, mapped: MappedClaims) {
    await this.audit.record(
      actor,
      'auth.sso.refused',
      { type: 'user', id: who },
      { after: { reason, groups: mapped.groups.slice(0, GROUPS_RECORDED) } },
    );
  }
}
