import { lazy, Suspense, useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Tooltip from '@atlaskit/tooltip';
import { createSplit, getIssuePanel, insertAcTemplate, previewAcTemplate, previewSplit } from '../api';
import type { AcTemplatePreview, AppError, LetterVerdict, SplitPreview, SplitResult, StoryPanelData } from './types';
import { ErrorMessage } from './ErrorMessage';
import { percent, num, dateTime } from '../format';
import { Dependencies } from './Dependencies';
import { JiraLink } from './JiraLink';
import { ReadyLozenge, SeverityLozenge, VerdictLozenge } from './Lozenges';
import { Table } from './Table';
import { Inline, Stack } from '@atlaskit/primitives';
import { Section, Sections, TitleRow } from './Section';

// Only the split form types: its text fields load when a split is previewed, not with every story panel (issue 16).
const Textfield = lazy(() => import('@atlaskit/textfield'));

const LETTERS: { letter: 'I' | 'N' | 'V' | 'E' | 'S' | 'T'; name: string; question: string }[] = [
  { letter: 'I', name: 'Independent', question: 'Can it be delivered without waiting on other stories?' },
  { letter: 'N', name: 'Negotiable', question: 'Does it leave room for the team to decide how?' },
  { letter: 'V', name: 'Valuable', question: 'Does it say who benefits and why?' },
  { letter: 'E', name: 'Estimable', question: 'Can the team size it?' },
  { letter: 'S', name: 'Small', question: 'Does it fit in an iteration?' },
  { letter: 'T', name: 'Testable', question: 'Are there acceptance criteria to test against?' },
];

const VERDICT_ICON: Record<LetterVerdict, string> = { pass: '✓', warn: '!', fail: '✗' };

const OTHER_CRITERIA: Record<string, string> = { AC: 'Acceptance criteria', FORM: 'User-story form ("As a …, I want …, so that …")', MINIMAL: 'Minimal: the story sentence and criteria, no extra text' };

/** A finding's criterion letter, with its name on hover and for screen readers (T alone says nothing). */
function CriterionBadge({ criterion }: { criterion: string }) {
  const invest = LETTERS.find((l) => l.letter === criterion);
  const name = invest ? `${invest.name}: ${invest.question}` : (OTHER_CRITERIA[criterion] ?? criterion);
  return (
    <Tooltip content={name}>
      {(props) => (
        <span {...props} tabIndex={0} aria-label={`Criterion ${criterion}: ${name}`} data-testid="finding-criterion">
          <Lozenge>{criterion}</Lozenge>
        </span>
      )}
    </Tooltip>
  );
}

export function StoryView({ data: initial }: { data: StoryPanelData }) {
  // Actions refresh the panel in place (no loading flash, and their confirmation stays visible).
  const [data, setData] = useState(initial);
  const refresh = async () => {
    const r = await getIssuePanel({ issueKey: data.issue.key });
    if (r.ok && r.data.kind === 'story') setData(r.data);
  };
  const q = data.quality;
  const parent = data.parentFeature;
  return (
    <div data-testid="story-panel" style={{ padding: 8 }}>
      <Sections>
        <Stack space="space.100">
          <TitleRow title="Story quality">
            <span aria-label="Quality score" data-testid="quality-score" style={{ fontSize: 20, fontWeight: 600 }}>
              {percent(q.score)}
            </span>
            <ReadyLozenge ready={q.ready} />
          </TitleRow>
          <div>
            <JiraLink href={data.issue.url}>{data.issue.key}</JiraLink> <span>{data.issue.summary}</span>
          </div>
          {!q.ready && <NotReadyReasons quality={q} />}
          {q.textSource === 'adf-fallback' && <p style={{ fontSize: 12, margin: 0 }}>Parts of the description could not be read as rich text; Refinery checked the plain text instead.</p>}
        </Stack>

        <Section id="invest-heading" title="INVEST">
          <Table
            testId="invest-table"
            label="INVEST verdicts"
            columns={['Criterion', 'Verdict']}
            rows={LETTERS.map(({ letter, name, question }) => ({
              key: letter,
              testId: `invest-row-${letter}`,
              data: { 'data-verdict': q.invest[letter] },
              cells: [
                <span key="c" title={question}>
                  <strong>{letter}</strong> {name}
                </span>,
                <>
                  <span aria-hidden="true">{VERDICT_ICON[q.invest[letter]]} </span>
                  <VerdictLozenge verdict={q.invest[letter]} />
                </>,
              ],
            }))}
          />
        </Section>

        <Section id="findings-heading" title="Findings">
          {q.findings.length === 0 ? (
            <p>No findings: the story reads well.</p>
          ) : (
            <ul style={{ paddingLeft: 0, listStyle: 'none' }}>
              {q.findings.map((f, i) => (
                <li key={`${f.rule}-${i}`} data-testid="finding" data-rule={f.rule} data-severity={f.severity} style={{ marginBottom: 12 }}>
                  <div>
                    <SeverityLozenge severity={f.severity} /> <CriterionBadge criterion={f.criterion} /> <span>{f.message}</span>
                  </div>
                  {f.evidence && (
                    <blockquote style={{ margin: '4px 0 4px 16px', fontStyle: 'italic' }} data-testid="finding-evidence">
                      {f.evidence}
                    </blockquote>
                  )}
                  {f.hint && (
                    <div style={{ marginLeft: 16 }} data-testid="finding-hint">
                      <strong>How to fix: </strong>
                      {f.hint}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section id="dor-heading" title="Definition of Ready">
          <ul style={{ paddingLeft: 0, listStyle: 'none' }}>
            {q.dor.map((d) => (
              <li key={d.rule} data-testid="dor-check" data-passed={d.passed} style={{ marginBottom: 4 }}>
                <span aria-hidden="true">{d.passed ? '✓ ' : '✗ '}</span>
                <Lozenge appearance={d.passed ? 'success' : 'removed'}>{d.passed ? 'Met' : 'Not met'}</Lozenge> <span>{d.label}</span>
                {d.detail && <span> — {d.detail}</span>}
              </li>
            ))}
          </ul>
        </Section>

        <StoryActions data={data} onChanged={refresh} />

        <Section id="parent-heading" title="Parent feature" testId="parent-feature">
          {!parent ? (
            <p>This story has no parent feature, so it does not roll up to a prioritised feature.</p>
          ) : (
            <div>
              <JiraLink href={parent.issue.url}>{parent.issue.key}</JiraLink> <span>{parent.issue.summary}</span>
              {parent.wsjf ? (
                <p>
                  WSJF <strong data-testid="parent-wsjf">{num(parent.wsjf.wsjf)}</strong> (Cost of Delay {num(parent.wsjf.costOfDelay)} ÷ job size {parent.wsjf.jobSize})
                  {parent.wsjf.scoredBy && <span>, scored by {parent.wsjf.scoredBy.displayName}</span>}
                  {parent.wsjf.scoredAt && <span> on {dateTime(parent.wsjf.scoredAt)}</span>}
                  {parent.wsjf.stale && (
                    <span>
                      {' '}
                      <Lozenge appearance="moved">Stale</Lozenge> {parent.wsjf.staleReason}
                    </span>
                  )}
                </p>
              ) : (
                <p>The feature has no WSJF score yet.</p>
              )}
            </div>
          )}
        </Section>

        <Dependencies dependencies={data.dependencies} atRisk={data.dependenciesAtRisk} />
      </Sections>
    </div>
  );
}

/**
 * Why the story is not ready, before the details: each failed Definition-of-Ready check, and for
 * criteria that are not written yet (or only vague) what to replace.
 */
function NotReadyReasons({ quality: q }: { quality: StoryPanelData['quality'] }) {
  const failed = q.dor.filter((d) => !d.passed);
  const criteria = q.findings.filter((f) => f.rule === 'ac-not-written' || (f.rule === 'ac-vague' && failed.some((d) => d.rule === 'rejectVagueOnlyCriteria')));
  return (
    <div data-testid="not-ready-reasons">
      <SectionMessage appearance="warning" title="Why this story is not ready">
        {/* Not ready means at least one check failed (ready is "every check passed"). */}
        <ul style={{ margin: 0 }}>
          {failed.map((d) => (
            <li key={d.rule} data-testid="not-ready-reason" data-rule={d.rule}>
              {d.label}: not met{d.detail ? ` (${d.detail})` : ''}.
            </li>
          ))}
        </ul>
        {criteria.map((f) => (
          <p key={f.rule} data-testid="not-ready-criteria" data-rule={f.rule}>
            {f.message} <strong>How to fix: </strong>
            {f.hint}
          </p>
        ))}
      </SectionMessage>
    </div>
  );
}

// --- actions -------------------------------------------------------------------------------------

function newIdempotencyKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

type AcState = { step: 'idle' } | { step: 'loading' } | { step: 'preview'; preview: AcTemplatePreview } | { step: 'saving'; preview: AcTemplatePreview } | { step: 'done'; message: string };
type SplitState =
  | { step: 'idle' }
  | { step: 'loading' }
  | { step: 'preview'; preview: SplitPreview; summaries: string[]; idempotencyKey: string }
  | { step: 'saving'; preview: SplitPreview; summaries: string[]; idempotencyKey: string }
  | { step: 'done'; result: SplitResult; retry: { preview: SplitPreview; summaries: string[]; idempotencyKey: string } | null };

function StoryActions({ data, onChanged }: { data: StoryPanelData; onChanged: () => Promise<void> }) {
  const q = data.quality;
  const key = data.issue.key;
  const [ac, setAc] = useState<AcState>({ step: 'idle' });
  const [split, setSplit] = useState<SplitState>({ step: 'idle' });
  const [error, setError] = useState<AppError | null>(null);
  const canEdit = data.permissions.canEdit;
  const acReason = !canEdit ? data.permissions.reason ?? 'You cannot edit this story.' : q.hasAcceptanceCriteria ? 'This story already has acceptance criteria.' : null;

  const openAc = async () => {
    setError(null);
    setAc({ step: 'loading' });
    const r = await previewAcTemplate({ issueKey: key });
    if (r.ok) setAc({ step: 'preview', preview: r.data });
    else {
      setAc({ step: 'idle' });
      setError(r.error);
    }
  };
  const confirmAc = async (preview: AcTemplatePreview) => {
    setError(null);
    setAc({ step: 'saving', preview });
    const r = await insertAcTemplate({ issueKey: key, expectedVersion: preview.version });
    if (!r.ok) {
      setAc({ step: 'preview', preview });
      setError(r.error);
      return;
    }
    await onChanged();
    setAc({ step: 'done', message: `The acceptance-criteria template was added to ${preview.targetLabel}. The story stays not ready until you replace its lines with the real criteria.` });
  };

  const openSplit = async () => {
    setError(null);
    setSplit({ step: 'loading' });
    const r = await previewSplit({ issueKey: key });
    if (r.ok) setSplit({ step: 'preview', preview: r.data, summaries: r.data.proposals.map((p) => p.summary), idempotencyKey: newIdempotencyKey() });
    else {
      setSplit({ step: 'idle' });
      setError(r.error);
    }
  };
  const confirmSplit = async (s: Extract<SplitState, { step: 'preview' }>) => {
    setError(null);
    setSplit({ ...s, step: 'saving' });
    // The same idempotency key on a retry: stories created by an earlier attempt are not created again.
    const r = await createSplit({ issueKey: key, summaries: s.summaries.map((x) => x.trim()), idempotencyKey: s.idempotencyKey });
    if (!r.ok) {
      setSplit({ ...s, step: 'preview' });
      setError(r.error);
      return;
    }
    await onChanged();
    setSplit({ step: 'done', result: r.data, retry: r.data.failed.length ? { preview: s.preview, summaries: s.summaries, idempotencyKey: s.idempotencyKey } : null });
  };

  return (
    <Section id="actions-heading" title="Actions" testId="story-actions">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Button testId="ac-template-button" isDisabled={!!acReason || ac.step === 'loading' || ac.step === 'saving'} onClick={() => void openAc()} aria-describedby={acReason ? 'ac-template-reason' : undefined}>
          {ac.step === 'loading' ? 'Preparing preview…' : 'Insert acceptance-criteria template…'}
        </Button>
        {!q.atomic && (
          <Button testId="split-button" isDisabled={!canEdit || split.step === 'loading' || split.step === 'saving'} onClick={() => void openSplit()} aria-describedby={!canEdit ? 'split-reason' : undefined}>
            {split.step === 'loading' ? 'Preparing preview…' : 'Split into stories…'}
          </Button>
        )}
      </Inline>
      {acReason && (
        <p id="ac-template-reason" data-testid="ac-template-reason" style={{ fontSize: 12 }}>
          Insert template: {acReason}
        </p>
      )}
      {!q.atomic && !canEdit && (
        <p id="split-reason" data-testid="split-reason" style={{ fontSize: 12 }}>
          Split: {data.permissions.reason ?? 'You cannot edit this story.'}
        </p>
      )}

      {error && (
        <div>
          <ErrorMessage error={error} />
        </div>
      )}

      {(ac.step === 'preview' || ac.step === 'saving') && <AcPreview preview={ac.preview} saving={ac.step === 'saving'} onConfirm={() => void confirmAc(ac.preview)} onCancel={() => setAc({ step: 'idle' })} />}
      {ac.step === 'done' && (
        <div role="status" data-testid="ac-inserted">
          <SectionMessage appearance="success" title="Template added">
            <p>{ac.message}</p>
          </SectionMessage>
        </div>
      )}

      {(split.step === 'preview' || split.step === 'saving') && (
        <SplitPreviewView
          state={split}
          saving={split.step === 'saving'}
          onEdit={(i, v) => split.step === 'preview' && setSplit({ ...split, summaries: split.summaries.map((x, n) => (n === i ? v : x)) })}
          onConfirm={() => split.step === 'preview' && void confirmSplit(split)}
          onCancel={() => setSplit({ step: 'idle' })}
        />
      )}
      {split.step === 'done' && <SplitResultView result={split.result} onRetry={split.retry ? () => split.retry && void confirmSplit({ step: 'preview', ...split.retry }) : undefined} />}
    </Section>
  );
}

function AcPreview({ preview, saving, onConfirm, onCancel }: { preview: AcTemplatePreview; saving: boolean; onConfirm: () => void; onCancel: () => void }) {
  const heading = preview.blocks.filter((b) => b.kind === 'heading');
  const items = preview.blocks.filter((b) => b.kind === 'item');
  return (
    <div data-testid="ac-preview" style={{ border: '1px solid var(--ds-border, #DFE1E6)', borderRadius: 3, padding: 12 }}>
      {preview.canInsert ? (
        <p>
          Refinery will add this to {preview.targetLabel}
          {preview.underExistingHeading ? ', under its empty "Acceptance criteria" heading' : ', at the end'}. Anything already there stays as it is.
          {!preview.prefilled && ' The story has no "As a …, I want …, so that …" sentence, so the lines are placeholders (TBD).'}
        </p>
      ) : (
        <div data-testid="ac-preview-blocked">
          <SectionMessage appearance="warning" title="Cannot insert the template">
            <p>{preview.reason}</p>
          </SectionMessage>
        </div>
      )}
      {preview.blocks.length > 0 && (
        <div data-testid="ac-preview-content" style={{ background: 'var(--ds-background-neutral, #F7F8F9)', padding: 8 }}>
          {heading.map((h) => (
            <p key={h.text} style={{ fontWeight: 600, fontSize: 16, margin: '4px 0' }}>
              {h.text}
            </p>
          ))}
          <ul style={{ margin: 0 }}>
            {items.map((b) => (
              <li key={b.text} data-testid="ac-preview-line">
                {b.text}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
        {preview.canInsert && (
          <Button appearance="primary" testId="ac-insert-confirm" isDisabled={saving} onClick={onConfirm}>
            {saving ? 'Inserting…' : 'Insert template'}
          </Button>
        )}
        <Button testId="ac-insert-cancel" isDisabled={saving} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

function SplitPreviewView({
  state,
  saving,
  onEdit,
  onConfirm,
  onCancel,
}: {
  state: { preview: SplitPreview; summaries: string[] };
  saving: boolean;
  onEdit: (i: number, v: string) => void;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { preview, summaries } = state;
  const invalid = summaries.some((s) => !s.trim() || s.length > 255);
  return (
    <div data-testid="split-preview" style={{ border: '1px solid var(--ds-border, #DFE1E6)', borderRadius: 3, padding: 12 }}>
      <p>
        One story per goal. Each is created as a {preview.issueType}
        {preview.parent ? (
          <>
            {' '}
            under <JiraLink href={preview.parent.url}>{preview.parent.key}</JiraLink>
          </>
        ) : (
          ' without a parent feature (the original has none)'
        )}
        {preview.team ? `, for team ${preview.team}` : ''}
        {preview.labels.length ? `, with the labels ${preview.labels.join(', ')}` : ''}, and linked to {preview.issueKey} ("{preview.linkType}"). {preview.issueKey} itself is not changed.
      </p>
      {!preview.canCreate && (
        <div data-testid="split-blocked">
          <SectionMessage appearance="warning" title="Cannot create the stories">
            <p>{preview.reason}</p>
          </SectionMessage>
        </div>
      )}
      <Suspense fallback={<p role="status">Loading the form…</p>}>
      <ol style={{ paddingLeft: 20 }}>
        {summaries.map((s, i) => (
          <li key={i} style={{ marginBottom: 8 }}>
            <label htmlFor={`split-summary-${i}`} style={{ display: 'block', fontSize: 12 }}>
              Summary of story {i + 1} (goal: {preview.proposals[i]?.goal})
            </label>
            <Textfield
              id={`split-summary-${i}`}
              testId="split-summary"
              value={s}
              maxLength={255}
              isDisabled={saving || !preview.canCreate}
              onChange={(e) => onEdit(i, e.currentTarget.value)}
              isInvalid={!s.trim()}
            />
            {(preview.proposals[i]?.criteria.length ?? 0) > 0 && (
              <div data-testid="split-criteria" style={{ fontSize: 12, marginTop: 4 }}>
                Acceptance criteria it takes from {preview.issueKey}:
                <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                  {preview.proposals[i].criteria.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
              </div>
            )}
          </li>
        ))}
      </ol>
      </Suspense>
      <div style={{ display: 'flex', gap: 8 }}>
        {preview.canCreate && (
          <Button appearance="primary" testId="split-confirm" isDisabled={saving || invalid} onClick={onConfirm}>
            {saving ? 'Creating…' : `Create ${summaries.length} stories`}
          </Button>
        )}
        <Button testId="split-cancel" isDisabled={saving} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

function SplitResultView({ result, onRetry }: { result: SplitResult; onRetry?: () => void }) {
  const partial = result.failed.length > 0;
  return (
    <div role="status" data-testid="split-result">
      <SectionMessage appearance={partial ? 'warning' : 'success'} title={partial ? `${result.created.length} created, ${result.failed.length} not created` : `${result.created.length} stories created`}>
        {result.replayed && <p>These stories had already been created by an earlier attempt; nothing new was created.</p>}
        <ul>
          {result.created.map((c) => (
            <li key={c.key} data-testid="split-created">
              <JiraLink href={c.url}>{c.key}</JiraLink> {c.summary}
              {c.linkError && <span> — {c.linkError}</span>}
            </li>
          ))}
        </ul>
        {partial && (
          <>
            <p>Not created:</p>
            <ul>
              {result.failed.map((f, i) => (
                <li key={i} data-testid="split-failed">
                  {f.summary} — {f.message}
                </li>
              ))}
            </ul>
            {onRetry && (
              <Button testId="split-retry" onClick={onRetry}>
                Try again for the stories not created
              </Button>
            )}
          </>
        )}
      </SectionMessage>
    </div>
  );
}
