/**
 * Markdown or Jira wiki markup → ADF with Atlassian's own transformers, so text read by the CLI, imports and
 * the evaluation is parsed the way Jira's editor would store it rather than by our own regexes.
 *
 * CLI, evaluation and tests only: the transformers pull in ProseMirror and the ADF schema (size and cold
 * start measured in docs/PERFORMANCE.md, "Quality: text parsers"), and Jira Cloud already returns ADF to
 * the Forge function. Do not import this from src/resolvers, src/app or src/jobs.
 */
import { MarkdownTransformer } from '@atlaskit/editor-markdown-transformer';
import { WikiMarkupTransformer } from '@atlaskit/editor-wikimarkup-transformer';
import { JSONTransformer } from '@atlaskit/editor-json-transformer';
import { defaultSchema } from '@atlaskit/adf-schema/schema-default';
import type { AdfDoc } from './adf';

export type Markup = 'markdown' | 'wiki';

let markdown: MarkdownTransformer | null = null;
let wiki: WikiMarkupTransformer | null = null;
const json = new JSONTransformer();

/** The ADF document Jira would hold for this text. Throws only if the transformer itself fails. */
export function textToAdf(text: string, markup: Markup): AdfDoc {
  const doc = markup === 'wiki' ? (wiki ??= new WikiMarkupTransformer(defaultSchema)).parse(text) : (markdown ??= new MarkdownTransformer(defaultSchema)).parse(text);
  return json.encode(doc) as unknown as AdfDoc;
}

/**
 * Which markup a text is written in: Jira wiki markup has its own heading ("h3. "), header-cell ("||") and
 * macro ("{code}") syntax that Markdown never produces; anything else is read as Markdown.
 */
export function guessMarkup(text: string): Markup {
  return /^\s*(?:h[1-6]\.\s|\|\||\{(?:code|noformat|panel|quote)[:}])/m.test(text) ? 'wiki' : 'markdown';
}
