/**
 * Jira Cloud REST shapes the client reads. They are the same types the emulator serves
 * (dev/emulator/dataset.ts) so a drift between the two fails compilation.
 */
export type {
  JiraBoard,
  JiraChangelogHistory,
  JiraChangelogItem,
  JiraField,
  JiraIssue,
  JiraIssueLink,
  JiraIssueType,
  JiraProject,
  JiraSprint,
  JiraStatus,
  JiraUser,
} from '../../dev/emulator/dataset';
