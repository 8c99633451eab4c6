'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { submitToApi } from '@/lib/action';
import { apiRequestAsUser } from '@/lib/api';
import { parseForm, type FormState } from '@/lib/forms';
import {
  budgetForm,
  memberForm,
  removeMemberForm,
  renameTeamForm,
  teamIdForm,
  teamNameForm,
} from './schemas';
import { spendSchema, teamSchema } from '@switchyard/contracts';
import { anyBodySchema } from '@/lib/api';

export async function createTeam(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(teamNameForm, formData);
  if (!parsed.success) return parsed.state;
  let teamId = '';
  const state = await submitToApi(parsed.values, async () => {
    teamId = (await apiRequestAsUser('/admin/teams', teamSchema, { body: parsed.data })).id;
    return { status: 'success', message: 'Team created.' };
  });
  if (state.status === 'success') redirect(`/teams/${teamId}`);
  return state;
}

export async function renameTeam(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(renameTeamForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/teams/${parsed.data.teamId}`, teamSchema, {
      method: 'PATCH',
      body: { name: parsed.data.name, logBodies: parsed.data.logBodies },
    });
    refresh();
    return { status: 'success', message: 'Saved.', values: parsed.values };
  });
}

export async function deleteTeam(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(teamIdForm, formData);
  if (!parsed.success) return parsed.state;
  const state = await submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/teams/${parsed.data.teamId}`, anyBodySchema, { method: 'DELETE' });
    return { status: 'success', message: 'Team deleted.' };
  });
  if (state.status === 'success') redirect('/teams');
  return state;
}

export async function setBudget(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(budgetForm, formData);
  if (!parsed.success) return parsed.state;
  const { teamId, ...budget } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      await apiRequestAsUser(`/admin/teams/${teamId}/budget`, spendSchema, { method: 'PUT', body: budget });
      refresh();
      return { status: 'success', message: 'Budget saved.', values: parsed.values };
    },
    ['limitUsd', 'period', 'alertAtPercent'],
  );
}

export async function removeBudget(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(teamIdForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(`/admin/teams/${parsed.data.teamId}/budget`, anyBodySchema, { method: 'DELETE' });
    refresh();
    return { status: 'success', message: 'Budget removed; the team is unlimited.' };
  });
}

export async function addMember(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(memberForm, formData);
  if (!parsed.success) return parsed.state;
  const { teamId, ...member } = parsed.data;
  return submitToApi(
    parsed.values,
    async () => {
      await apiRequestAsUser(`/admin/teams/${teamId}/members`, anyBodySchema, { body: member });
      refresh();
      return { status: 'success', message: 'Member saved.' };
    },
    ['userId', 'role'],
  );
}

export async function removeMember(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(removeMemberForm, formData);
  if (!parsed.success) return parsed.state;
  return submitToApi(parsed.values, async () => {
    await apiRequestAsUser(
      `/admin/teams/${parsed.data.teamId}/members/${parsed.data.userId}`,
      anyBodySchema,
      {
        method: 'DELETE',
      },
    );
    refresh();
    return { status: 'success', message: 'Member removed.' };
  });
}
