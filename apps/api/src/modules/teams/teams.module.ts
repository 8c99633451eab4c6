import { Module } from '@nestjs/common';
import { TeamLifecycle } from './team-lifecycle.js';
import { TeamsController } from './teams.controller.js';
import { TeamsRepository } from './teams.repository.js';
import { TeamsService } from './teams.service.js';

/** Teams and memberships. Import it for `TeamsService.assertTeamVisible`, the tenant check on team data. */
@Module({
  controllers: [TeamsController],
  providers: [TeamsService, TeamsRepository, TeamLifecycle],
  exports: [TeamsService, TeamLifecycle],
})
export class TeamsModule {}
