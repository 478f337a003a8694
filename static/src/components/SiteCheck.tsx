import { useState } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { ErrorMessage as FieldError } from '@atlaskit/form';
import { getSiteCheck } from '../api';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';
import type { AppError, SiteCheckData, SiteCheckView } from './types';
import { Section } from './Section';

/** Check ids in the admin's words (README: "Site check" lists the ids). */
const TOPIC: Record<string, string> = {
  connection: 'Connection',
  fields: 'Fields',
  'field.storyPoints': 'Story points field',
  'field.sprint': 'Sprint field',
  'field.team': 'Team field',
  'field.acceptanceCriteria': 'Acceptance criteria field',
  hierarchy: 'Hierarchy levels',
  permissions: 'Permissions',
  'permission.browse': 'Browse Projects',
  'permission.editIssues': 'Edit Issues (scores)',
  'permission.scheduleIssues': 'Schedule Issues (ranking)',
  'permission.createIssues': 'Create Issues (improvement items)',
  'permission.administer': 'Administer Jira (settings)',
  project: 'Project',
  'train.count': 'Train JQL',
  boards: 'Boards',
  'editScreen.wsjf': 'WSJF fields on the edit screen',
  scopes: 'App scopes',
};

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;

type RunState = { status: 'idle' } | { status: 'running' } | { status: 'done'; data: SiteCheckData } | { status: 'error'; error: AppError };

function Summary({ checks }: { checks: SiteCheckView[] }) {
  const failing = checks.filter((c) => !c.ok).length;
  return failing ? (
    <SectionMessage appearance="warning" title={`${failing} of ${checks.length} checks found something that will not work`}>
      <p>Each failing check says what to change; run the check again afterwards.</p>
    </SectionMessage>
  ) : (
    <SectionMessage appearance="success" title="Everything Refinery needs works">
      <p>All {checks.length} checks passed.</p>
    </SectionMessage>
  );
}

function CheckTable({ checks }: { checks: SiteCheckView[] }) {
  const head = {
    cells: [
      { key: 'result', content: 'Result' },
      { key: 'check', content: 'Check' },
      { key: 'finding', content: 'What Refinery found' },
      { key: 'fix', content: 'How to fix' },
    ],
  };
  const rows = checks.map((c) => ({
    key: `check-${c.id}`,
    testId: `site-check-${c.id}`,
    cells: [
      { key: 'result', content: <Lozenge appearance={c.ok ? 'success' : 'removed'}>{c.ok ? 'Works' : 'Will not work'}</Lozenge> },
      { key: 'check', content: TOPIC[c.id] ?? c.id },
      { key: 'finding', content: c.message },
      { key: 'fix', content: c.fix ?? '—' },
    ],
  }));
  return <DynamicTable caption="Site check results" head={head} rows={rows} testId="site-check-table" />;
}

/**
 * The admin page's site check: reads the site as the person (asUser) and lists what works and what
 * will not, with the fix for each (the same checks as `refinery doctor`).
 */
export function SiteCheck() {
  const [projectKey, setProjectKey] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [run, setRun] = useState<RunState>({ status: 'idle' });

  const start = async () => {
    const key = projectKey.trim().toUpperCase();
    if (key && !PROJECT_KEY.test(key)) {
      setInputError('A project key is letters and digits starting with a letter, such as ART.');
      return;
    }
    setInputError(null);
    setRun({ status: 'running' });
    const res = await getSiteCheck(key ? { projectKey: key } : {});
    setRun(res.ok ? { status: 'done', data: res.data } : { status: 'error', error: res.error });
  };

  return (
    <Section id="site-check-heading" level={2} title="Site check" testId="site-check">
      <p id="site-check-hint">What Refinery finds on this site for a train, and what will not work, with the fix. It reads Jira as you and changes nothing.</p>
      <form
        aria-label="Run the site check"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
        style={{ display: 'flex', gap: 8, alignItems: 'flex-end', marginBottom: 16 }}
      >
        <div>
          <label htmlFor="site-check-project" style={{ display: 'block', fontWeight: 600 }}>
            Project key of the train
          </label>
          <Textfield
            id="site-check-project"
            testId="site-check-project"
            value={projectKey}
            onChange={(e) => setProjectKey(e.currentTarget.value)}
            isInvalid={!!inputError}
            aria-describedby={inputError ? 'site-check-hint site-check-project-error' : 'site-check-hint'}
            placeholder="ART"
            width="small"
          />
        </div>
        <Button type="submit" appearance="primary" testId="site-check-run" isDisabled={run.status === 'running'}>
          {run.status === 'running' ? 'Checking…' : 'Run site check'}
        </Button>
      </form>
      {inputError && (
        <div id="site-check-project-error" role="alert" style={{ marginBottom: 16 }}>
          <FieldError testId="site-check-project-error">{inputError}</FieldError>
        </div>
      )}
      {run.status === 'running' && <Loading label="Checking the site" />}
      {run.status === 'error' && <ErrorMessage error={run.error} onRetry={() => void start()} />}
      {run.status === 'done' && (
        <div data-testid="site-check-results">
          <Summary checks={run.data.checks} />
          <CheckTable checks={run.data.checks} />
        </div>
      )}
    </Section>
  );
}
