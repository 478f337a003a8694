/**
 * Issue 19: the manifest's `action`, `automation:actionProvider` and `rovo:agent` modules against
 * the action catalogue (src/app/actions/catalog.ts) and the schema in the installed @forge/manifest.
 * (The whole manifest's validation runs in manifest.test.ts; here, what these modules must say.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ACTIONS, smartValuePrefix } from '../../src/app/actions/catalog';
import { ACTION_FORMS } from '../../static/src/pages/automationForms';
import { buildCoachPrompt, COACH_PROMPT_FILE, CONVERSATION_STARTERS } from '../../src/app/actions/coachPrompt';
import * as entry from '../../src/index';
import { METRIC_DEFINITIONS } from '../../src/domain/health/bands';
import { HEALTH_METRIC_IDS } from '../../src/domain/health';

const root = path.resolve(__dirname, '../..');
const manifest = parse(readFileSync(path.join(root, 'manifest.yml'), 'utf8'));
const modules = manifest.modules;
const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/@forge/manifest/out/schema/manifest-schema.json'), 'utf8')).definitions.ModuleSchema.properties;

describe('the action modules', () => {
  it('are module types the installed @forge/manifest schema defines (action, automation:actionProvider, rovo:agent)', () => {
    for (const t of ['action', 'automation:actionProvider', 'rovo:agent']) expect(schema[t]).toBeDefined();
    // The names sometimes quoted for these do not exist in the schema.
    for (const t of ['jira:actionProvider', 'actionProvider', 'rovo:action', 'core:action']) expect(schema[t]).toBeUndefined();
  });

  it('declare exactly the catalogue: key, name, function, verb, description, inputs, outputs, outputContext', () => {
    expect(ACTIONS.length).toBe(5);
    const declared = modules.action as Record<string, unknown>[];
    expect(declared.map((a) => a.key)).toEqual(ACTIONS.map((a) => a.key));
    for (const a of ACTIONS) {
      expect(declared.find((d) => d.key === a.key)).toEqual({
        key: a.key,
        name: a.name,
        function: a.functionKey,
        actionVerb: a.actionVerb,
        description: a.description,
        inputs: a.inputs,
        outputs: a.outputs,
        outputContext: a.outputContext,
        // The configuration form in the rule builder: a Custom UI view of the main bundle.
        config: { resource: 'main', render: 'default' },
      });
    }
  });

  it('have a configuration form in the UI with exactly the manifest\'s inputs (static/src/pages/automationForms.ts)', () => {
    expect(Object.keys(ACTION_FORMS)).toEqual(ACTIONS.map((a) => a.key));
    for (const a of ACTIONS) {
      expect(ACTION_FORMS[a.key]).toEqual({ name: a.name, description: a.description, inputs: Object.entries(a.inputs).map(([name, i]) => ({ name, ...i })) });
    }
    expect(readFileSync(path.join(root, 'static/src/App.tsx'), 'utf8')).toMatch(/moduleKey in ACTION_FORMS\) return <AutomationConfig/);
  });

  it('each run its own function, whose handler src/index.ts exports', () => {
    const fns = new Map((modules.function as { key: string; handler: string }[]).map((f) => [f.key, f.handler]));
    for (const a of ACTIONS) {
      expect(fns.get(a.functionKey)).toBe(`index.${a.handler}`);
      expect(typeof (entry as Record<string, unknown>)[a.handler]).toBe('function');
    }
    expect(new Set(ACTIONS.map((a) => a.functionKey)).size).toBe(ACTIONS.length);
  });

  it('stay within what Automation accepts: ≤ 10 inputs and outputs of its four types, ≤ 20 actions, descriptions ≤ 255', () => {
    const types = ['string', 'integer', 'number', 'boolean'];
    for (const a of ACTIONS) {
      expect(Object.keys(a.inputs).length).toBeLessThanOrEqual(10);
      expect(Object.keys(a.outputs).length).toBeLessThanOrEqual(10);
      for (const io of [...Object.values(a.inputs), ...Object.values(a.outputs)]) expect(types).toContain(io.type);
      expect(a.description.length).toBeLessThanOrEqual(255);
      expect(a.outputContext.entityName.length).toBeLessThanOrEqual(12);
      expect(a.outputContext.outputDomain).toMatch(/^[a-z-]{1,12}$/);
    }
  });

  it('are all listed by the Automation action provider', () => {
    expect(modules['automation:actionProvider']).toEqual([{ key: 'refinery-automation-actions', actions: ACTIONS.map((a) => a.key) }]);
  });

  it('give smart-value prefixes in the documented pattern (GET + jira + requirement → fetchedJiraRequirement)', () => {
    expect(smartValuePrefix({ actionVerb: 'GET', outputContext: { entityName: 'requirement', outputType: 'OBJECT', outputDomain: 'jira' } })).toBe('fetchedJiraRequirement');
    expect(smartValuePrefix(ACTIONS[0])).toBe('fetchedRefineryReadiness');
  });
});

describe('the Rovo agent "Refinery coach"', () => {
  const agent = (modules['rovo:agent'] as Record<string, unknown>[])[0];

  it('uses every action, the issue\'s conversation starters and the prompt resource', () => {
    expect(agent.name).toBe('Refinery coach');
    expect(agent.actions).toEqual(ACTIONS.map((a) => a.key));
    expect(agent.conversationStarters).toEqual(CONVERSATION_STARTERS.map((s) => s.text));
    expect(agent.conversationStarters).toEqual(
      expect.arrayContaining(['Which stories in the next sprint are not ready, and why?', 'Rank our top features by WSJF', 'How did our acceptance rate change this PI?']),
    );
    expect(agent.prompt).toBe('resource:rovo-prompts;coach-prompt.md');
    expect((manifest.resources as { key: string; path: string }[]).find((r) => r.key === 'rovo-prompts')?.path).toBe('rovo');
  });

  it('has the prompt generated from the app\'s definitions (regenerate: npx tsx src/app/actions/coachPrompt.ts --write)', () => {
    const file = readFileSync(COACH_PROMPT_FILE, 'utf8');
    expect(file).toBe(buildCoachPrompt());
    // The health figures' definitions are the Overview cards' sentences, word for word.
    for (const id of HEALTH_METRIC_IDS) expect(file).toContain(METRIC_DEFINITIONS[id].definition);
    for (const a of ACTIONS) expect(file).toContain(`\`${a.key}\``);
    expect(file).toMatch(/Never estimate, recompute or invent/);
  });

  it('maps every starter to one of its actions with inputs that action declares', () => {
    for (const s of CONVERSATION_STARTERS) {
      const a = ACTIONS.find((x) => x.key === s.action);
      expect(a).toBeDefined();
      for (const k of Object.keys(s.inputs)) expect(Object.keys(a!.inputs)).toContain(k);
      expect(s.text.length).toBeLessThanOrEqual(85);
    }
  });
});
