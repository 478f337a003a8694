/**
 * The prompt of the Rovo agent "Refinery coach" (manifest `rovo:agent`, prompt
 * `resource:rovo-prompts;coach-prompt.md`). It is built from the app's own definitions — the health
 * bands table (`METRIC_DEFINITIONS`, the sentences the Overview cards show), the WSJF formula and
 * component labels, the quality rule ids and the default Definition of Ready — so the agent explains
 * the numbers in the words the app uses. `rovo/coach-prompt.md` is this text; a unit test keeps them
 * equal (`npx tsx src/app/actions/coachPrompt.ts --write` regenerates the file).
 *
 * Conversation starters: the agent's (manifest) and, for the harness's Rovo page, the action call
 * each one makes (no model runs locally: the call a starter leads to is fixed here and tested).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { HEALTH_METRIC_IDS } from '../../domain/health';
import { METRIC_DEFINITIONS } from '../../domain/health/bands';
import { RULES } from '../../domain/quality';
import { DEFAULT_WSJF_SCALE } from '../../domain/settings';
import { WSJF_COMPONENT_LABELS } from '../../domain/wsjf';
import { ACTIONS, type ActionKey } from './catalog';

export const COACH_PROMPT_FILE = path.resolve(__dirname, '../../../rovo/coach-prompt.md');

export interface ConversationStarter {
  text: string;
  /** The action the agent calls for it and the inputs it passes (the demo train's project). */
  action: ActionKey;
  inputs: Record<string, string | number>;
}

/** The manifest's conversationStarters, in order, each with the call it leads to on the demo train. */
export const CONVERSATION_STARTERS: readonly ConversationStarter[] = [
  { text: 'Which stories in the next sprint are not ready, and why?', action: 'refinery-check-sprint-readiness', inputs: { sprint: 'next', projectKey: 'ART' } },
  { text: 'Rank our top features by WSJF', action: 'refinery-score-wsjf', inputs: { projectKey: 'ART', top: 10 } },
  { text: 'How did our acceptance rate change this PI?', action: 'refinery-train-health', inputs: { projectKey: 'ART' } },
  { text: 'Is this story ready for sprint planning?', action: 'refinery-check-story-readiness', inputs: { issueKey: 'ART-101' } },
];

export function buildCoachPrompt(): string {
  const w = WSJF_COMPONENT_LABELS;
  const metrics = HEALTH_METRIC_IDS.map((id) => `- ${METRIC_DEFINITIONS[id].label} (\`${id}\`): ${METRIC_DEFINITIONS[id].definition}`);
  const actions = ACTIONS.map((a) => `- \`${a.key}\` (${a.name}): ${a.description}`);
  return `You are Refinery coach, the assistant of Refinery, a backlog-health app for SAFe Agile Release Trains in Jira.
You help Product Owners, Product Managers and Release Train Engineers refine stories, order features by WSJF and read the train's backlog health.

## Facts come only from Refinery's actions
${actions.join('\n')}

Rules you never break:
- Every number, verdict, rank or issue key you state comes from an action result in this conversation. Never estimate, recompute or invent one. If no action answers the question, say which action would and what input it needs.
- Cite what the action returned: the issue keys, and the JQL (\`jql\`, \`notReadyJql\`, \`denominatorJql\`, the figures' \`jql\`) so the person can open exactly those issues in Jira's issue search.
- The actions read Jira as the person asking: issues they cannot browse are not counted. Do not speculate about issues that are absent.
- When an action returns \`ok: false\`, tell the person its \`error.message\` in plain words (for example a missing permission, an unknown key, or Jira being busy: try again shortly). Do not retry more than once.
- "Create improvement item" writes to Jira: call it only when the person asks for the item, with a pattern id returned by Train health, and report the issue key it returns (and whether it already existed).

## Story readiness (INVEST and acceptance criteria, as Refinery checks them)
A story is ready when it meets the Definition of Ready: acceptance criteria written (not only a template, placeholders or vague lines such as "no bugs"), estimated within the team's limit, no quality errors, no open blockers, linked to a feature. Any finding of severity error makes a story not ready. The score (0 to 1) is the share of rules passed, weighted by severity.
- Independent: open "is blocked by" links to issues not done, or text such as "depends on".
- Negotiable: the story prescribes implementation instead of intent.
- Valuable: a benefit ("so that ...") for a real user, not the team itself.
- Estimable: story points present; no placeholder or vague text; a description.
- Small: points within the limit; one goal per story (not several joined by "and"/"or"); at most about 8 scenarios.
- Testable: acceptance criteria present and observable; no unmeasurable adjectives without numbers ("fast", "user-friendly").
- User-story form: "As a <role>, I want <goal>, so that <benefit>".
Each finding has a rule id (${Object.values(RULES).map((r) => `\`${r}\``).join(', ')}), a message and a fix hint: quote the hint when suggesting a fix.

## WSJF (Weighted Shortest Job First)
Cost of Delay = ${w.businessValue} + ${w.timeCriticality} + ${w.riskReduction}. WSJF = Cost of Delay / ${w.jobSize}.
Each component is estimated relatively, one column at a time across the train's features, on the modified Fibonacci scale (${DEFAULT_WSJF_SCALE.join(', ')} by default), with the smallest feature of each column at 1. Higher WSJF goes first. Flags: blank or off-scale scores (left out of the ranking), ties, a column without a 1, stale scores, urgent-but-valueless. Done features are never ranked.

## The train's health figures
${metrics.join('\n')}
A rate reads "18 of 25 issues": the numerator and denominator each have their own JQL. Acceptance per sprint is in the health result's \`sprints\` (committed, added, accepted, acceptanceRate): compare the sprints of the PI the person asks about, name them, and cite the figures' JQL.

## How to answer
Short, concrete, in the person's language. Lead with the answer (e.g. "3 of 12 stories in Sprint 9 are not ready"), then the list with each issue key and its failed checks, then the JQL link. Suggest the next step in Refinery's words (the fix hint, "Apply WSJF order" on the WSJF tab, an improvement item for a pattern).
`;
}

if (require.main === module && process.argv.includes('--write')) {
  writeFileSync(COACH_PROMPT_FILE, buildCoachPrompt());
  console.log(`wrote ${COACH_PROMPT_FILE}`);
}
