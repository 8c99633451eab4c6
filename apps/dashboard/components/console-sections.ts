import { can, isTeamScoped } from '@/lib/permissions';
import type { Viewer } from '@switchyard/contracts';

export type ConsoleSectionId = 'overview' | 'keys' | 'teams' | 'tokens' | 'usage' | 'audit' | 'settings';

/** Sections whose reads the role is allowed; the others would only show a refusal. */
export function consoleSectionsFor(viewer: Viewer): ConsoleSectionId[] {
  const sections: ConsoleSectionId[] = ['overview'];
  if (can(viewer, 'keys.read')) sections.push('keys');
  sections.push('teams');
  if (can(viewer, 'tokens.read')) sections.push('tokens');
  sections.push('usage');
  if (can(viewer, 'audit.read')) sections.push('audit');
  if (can(viewer, 'settings.read') || isTeamScoped(viewer)) sections.push('settings');
  return sections;
}
