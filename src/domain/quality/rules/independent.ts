/** Independent (I): open blocking links (naming team and sprint), and dependency wording in the text. */
import { RULES, type Finding, type QualityRule, type StoryFacts } from '../types';
import { finding, quote } from './finding';

const DEPENDENCY_TEXT = /\b(depends\s+on|dependent\s+on|dependency\s+on|blocked\s+by|waiting\s+(?:for|on)|after\s+[A-Z][A-Z0-9]+-\d+\s+is\s+(?:done|finished|merged|deployed)|once\s+[^.]{1,40}\s+is\s+(?:done|finished|merged|deployed|available)|requires\s+[A-Z][A-Z0-9]+-\d+)\b/i;

export const independentRule: QualityRule = {
  id: 'independent',
  criterion: 'I',
  check({ input, openBlockers, summary, description }: StoryFacts): Finding[] {
    const findings: Finding[] = [];
    for (const b of openBlockers) {
      const otherTeam = b.team && input.team && b.team !== input.team;
      const where = [b.team ? `team ${b.team}` : null, b.sprintName ? `sprint ${b.sprintName}` : 'no sprint'].filter(Boolean).join(', ');
      findings.push(
        finding(
          RULES.blockedOpen,
          'I',
          'warning',
          `Blocked by ${b.key} "${quote(b.summary ?? '', 50)}" (${where}), which is not done${otherTeam ? ' — another team' : ''}.`,
          otherTeam ? `Agree a date with team ${b.team} or re-slice the story so it no longer waits for ${b.key}.` : `Finish ${b.key} first, or re-slice the story so it no longer waits for it.`,
          `${b.key} ${b.summary ?? ''}`,
        ),
      );
    }
    const dep = DEPENDENCY_TEXT.exec(`${summary}\n${description.text}`);
    if (dep) {
      findings.push(finding(RULES.dependencyText, 'I', 'info', `The text mentions a dependency: "${dep[0]}".`, 'Link the issue it depends on ("is blocked by") so the dependency is visible on the board, or remove it by re-slicing.', dep[0]));
    }
    return findings;
  },
};
