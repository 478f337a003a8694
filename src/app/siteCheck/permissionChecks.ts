import type { CheckedPermission, SiteFacts } from './facts';
import { refusedCheck } from './jiraRefusal';
import { failed, passed, type SiteCheck } from './types';

interface Action {
  id: string;
  permission: CheckedPermission;
  /** Jira's name of the permission. */
  name: string;
  action: string;
  /** What stops working without it. */
  without: string;
  global?: boolean;
}

const ACTIONS: Action[] = [
  { id: 'permission.browse', permission: 'BROWSE_PROJECTS', name: 'Browse Projects', action: 'see the train', without: 'the project page, panels and health show nothing for this project' },
  { id: 'permission.editIssues', permission: 'EDIT_ISSUES', name: 'Edit Issues', action: 'save WSJF scores and insert acceptance criteria templates', without: 'saving scores and inserting templates are refused' },
  { id: 'permission.scheduleIssues', permission: 'SCHEDULE_ISSUES', name: 'Schedule Issues', action: 'rank features (Apply WSJF order)', without: 'Apply WSJF order is refused' },
  { id: 'permission.createIssues', permission: 'CREATE_ISSUES', name: 'Create Issues', action: 'create improvement items and story splits', without: 'creating improvement items and splitting stories are refused' },
  { id: 'permission.administer', permission: 'ADMINISTER', name: 'Administer Jira', action: 'change Refinery settings', without: 'the settings are read-only', global: true },
];

export const PERMISSION_CHECK_IDS = ACTIONS.map((a) => a.id);

/** One check per action, from one /mypermissions answer for the project (or the site). */
export function permissionChecks(facts: SiteFacts, projectKey: string | null): SiteCheck[] {
  if (!facts.permissions.ok) return [refusedCheck('permissions', 'read your permissions (GET /rest/api/3/mypermissions)', facts.permissions.error)];
  const held = facts.permissions.value;
  const where = (a: Action) => (a.global ? 'on this site' : projectKey ? `in ${projectKey}` : 'in any project');
  return ACTIONS.map((a) =>
    held[a.permission]
      ? passed(a.id, `You have ${a.name} ${where(a)}, so you can ${a.action}.`)
      : failed(a.id, `You do not have ${a.name} ${where(a)}: ${a.without}.`, a.global ? 'Only a Jira administrator can change Refinery settings; ask one to run the site check or to grant Administer Jira (Settings → System → Global permissions).' : `Ask a Jira administrator to grant ${a.name} ${projectKey ? `in ${projectKey}’s permission scheme (Project settings → Permissions)` : 'in the project’s permission scheme'}.`),
  );
}
