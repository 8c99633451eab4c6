import { z } from 'zod';
import { checkbox, requiredText, usdAmount } from '@/lib/forms';
import { BUDGET_MODES, BUDGET_PERIODS } from '@switchyard/contracts';

export const teamNameForm = z.object({ name: requiredText('a team name', 100) });

export const teamIdForm = z.object({ teamId: z.uuid('This team id is not valid.') });

export const renameTeamForm = teamIdForm.extend({
  name: requiredText('a team name', 100),
  logBodies: checkbox,
});

export const budgetForm = teamIdForm.extend({
  limitUsd: usdAmount(0, 1_000_000_000),
  period: z.enum(BUDGET_PERIODS, { error: 'Choose daily, monthly or total.' }),
  mode: z.enum(BUDGET_MODES, { error: 'Choose hard or soft.' }),
  alertAtPercent: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
    z.coerce
      .number({ error: 'Enter a whole percentage from 1 to 100.' })
      .int('Enter a whole percentage from 1 to 100.')
      .min(1, 'Enter a whole percentage from 1 to 100.')
      .max(100, 'Enter a whole percentage from 1 to 100.')
      .nullable(),
  ),
});

export const memberForm = teamIdForm.extend({
  userId: z.uuid('Choose a user, or paste a user id.'),
  role: z.enum(['team_admin', 'member'], { error: 'Choose team admin or member.' }),
});

export const removeMemberForm = teamIdForm.extend({ userId: z.uuid('This user id is not valid.') });
