/** Minimal: the summary is one sentence of reasonable length, without remarks in brackets. */
import { RULES, type Finding, type QualityRule, type StoryFacts } from '../types';
import { finding, quote, sentences } from './finding';

export const minimalRule: QualityRule = {
  id: 'minimal',
  criterion: 'MINIMAL',
  check({ summary, summaryForm }: StoryFacts): Finding[] {
    const findings: Finding[] = [];
    const summarySentences = sentences(summary);
    const summaryWords = summary.split(/\s+/).filter(Boolean).length;
    const maxWords = summaryForm ? 40 : 25;
    if (summarySentences.length > 1) {
      findings.push(
        finding(
          RULES.summaryMultipleSentences,
          'MINIMAL',
          'info',
          `The summary has ${summarySentences.length} sentences; the extra one is "${quote(summarySentences[1], 60)}".`,
          'Keep one sentence in the summary and move the rest to the description.',
          summarySentences[1],
        ),
      );
    } else if (summaryWords > maxWords) {
      findings.push(finding(RULES.summaryTooLong, 'MINIMAL', 'info', `The summary has ${summaryWords} words: "${quote(summary, 60)}".`, `Shorten the summary to at most ${maxWords} words; details belong in the description.`, summary));
    }
    const extra = /\(([^)]{3,})\)|\[([^\]]{3,})\]/.exec(summary);
    if (extra && !/^\s*\[[^\]]*\]\s/.test(summary)) {
      findings.push(finding(RULES.summaryExtraText, 'MINIMAL', 'info', `The summary carries extra text in brackets: "${extra[0]}".`, 'Move remarks in brackets to the description.', extra[0]));
    }
    return findings;
  },
};
