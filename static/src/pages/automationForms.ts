/**
 * Issue 19: the inputs of each Refinery action's Automation configuration form — the manifest's
 * `inputs`, copied as data so the form needs no resolver call (test/contract/actionsManifest.test.ts
 * keeps this equal to src/app/actions/catalog.ts).
 */
export interface ActionFormInput {
  name: string;
  title: string;
  type: 'string' | 'integer' | 'number' | 'boolean';
  required: boolean;
  description: string;
}

export interface ActionForm {
  name: string;
  description: string;
  inputs: ActionFormInput[];
}

export const ACTION_FORMS: Record<string, ActionForm> = {
  "refinery-check-story-readiness": {
    "name": "Check story readiness (Refinery)",
    "description": "Checks one story against Refinery's Definition of Ready (INVEST, acceptance criteria, user-story form). Returns ready, the 0-1 score and each finding with its rule, message and fix hint, as the story panel shows.",
    "inputs": [
      {
        "name": "issueKey",
        "title": "Story key",
        "type": "string",
        "required": true,
        "description": "The story to check, e.g. ART-123 or {{issue.key}}"
      }
    ]
  },
  "refinery-check-sprint-readiness": {
    "name": "Check sprint readiness (Refinery)",
    "description": "Lists the stories of a sprint (id, name, or \"next\" for each board's next sprint) that fail the Definition of Ready, with the failed checks and findings of each, as the backlog's sprint action shows.",
    "inputs": [
      {
        "name": "sprint",
        "title": "Sprint",
        "type": "string",
        "required": true,
        "description": "A sprint id ({{sprint.id}}), a sprint name, or \"next\" for the next future sprint of each board"
      },
      {
        "name": "projectKey",
        "title": "Project key",
        "type": "string",
        "required": false,
        "description": "The project whose boards to search when the sprint is a name or \"next\", e.g. ART"
      }
    ]
  },
  "refinery-score-wsjf": {
    "name": "Score WSJF (Refinery)",
    "description": "A feature's Cost of Delay, WSJF, rank in the train and flags (blank, off-scale, tie, stale); or, with only a project key, the train's top features by WSJF. Same numbers as the WSJF tab.",
    "inputs": [
      {
        "name": "featureKey",
        "title": "Feature key",
        "type": "string",
        "required": false,
        "description": "The feature (epic) to score, e.g. ART-7 or {{issue.key}}"
      },
      {
        "name": "projectKey",
        "title": "Project key",
        "type": "string",
        "required": false,
        "description": "The train project, for its top features by WSJF (when no feature key is given)"
      },
      {
        "name": "top",
        "title": "How many features",
        "type": "integer",
        "required": false,
        "description": "With a project key: how many of the top-ranked features to return (default 10)"
      }
    ]
  },
  "refinery-train-health": {
    "name": "Train health (Refinery)",
    "description": "The train's backlog health figures (readiness, ready coverage, acceptance per sprint, rework, quality pass, dependencies at risk), each with the JQL of the issues it counts, as `refinery health --json`; plus the cross-team patterns.",
    "inputs": [
      {
        "name": "projectKey",
        "title": "Project key",
        "type": "string",
        "required": true,
        "description": "The train project, e.g. ART or {{project.key}}"
      }
    ]
  },
  "refinery-create-improvement-item": {
    "name": "Create improvement item (Refinery)",
    "description": "Creates the Inspect & Adapt improvement item for a detected cross-team pattern (ids from Train health), as the Improvement tab does: needs Create Issues; the same request id never creates a second item.",
    "inputs": [
      {
        "name": "projectKey",
        "title": "Project key",
        "type": "string",
        "required": true,
        "description": "The train project, e.g. ART"
      },
      {
        "name": "patternId",
        "title": "Pattern id",
        "type": "string",
        "required": true,
        "description": "A pattern id from Train health, e.g. ac-missing:nebula"
      },
      {
        "name": "requestId",
        "title": "Request id",
        "type": "string",
        "required": false,
        "description": "Idempotency key (8-64 letters, digits, dashes); default: one item per pattern"
      }
    ]
  }
};
