import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum TeamsErrorCode {
  TeamNotFound = 'team_not_found',
  NameTaken = 'team_name_taken',
  TeamDeleted = 'team_deleted',
  UserNotFound = 'user_not_found',
  MemberNotFound = 'member_not_found',
  NotTeamAdmin = 'not_team_admin',
}

export class TeamsException extends Error implements MapsToHttpError {
  constructor(
    readonly code: TeamsErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case TeamsErrorCode.TeamNotFound:
      case TeamsErrorCode.UserNotFound:
      case TeamsErrorCode.MemberNotFound:
        return { ...base, status: 404, type: 'not_found_error' };
      case TeamsErrorCode.NameTaken:
      case TeamsErrorCode.TeamDeleted:
        return { ...base, status: 409, type: 'conflict_error' };
      case TeamsErrorCode.NotTeamAdmin:
        return { ...base, status: 403, type: 'permission_error' };
    }
  }
}
