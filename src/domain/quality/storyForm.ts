/**
 * User-story template parser (AQUSA "well-formed"): "As a/an ⟨role⟩, I want/need/can ⟨means⟩
 * [so that ⟨end⟩]". Pure regular expressions; deterministic.
 */

export interface StoryForm {
  /** The whole matched story sentence(s). */
  text: string;
  role: string;
  /** The indicator that introduces the means ("I want", "I can", ...). */
  meansIndicator: string;
  means: string;
  /** Indicator of the end ("so that", "in order to"), empty when there is no end. */
  endIndicator: string;
  end: string;
}

// "As a user", "As an admin", "As the system", "As Bob", "As a member of staff"
const ROLE_START = /(?:^|[\s"'“(*_>:-])as\s+(?:an?\s+|the\s+|one\s+of\s+the\s+|some\s+|my\s+)?(?=\S)/i;

// The means indicator after the role: "I want (to)", "I'd like", "we need", "I can", "I should be able to"...
const MEANS_INDICATOR =
  /(?:^|[\s,;:])((?:i|we)\s*(?:(?:'d|'m|would|am|are|do\s+not|don['’]?t|also|really|only|just|still)\s*)*(?:want|wants|wanna|need|needs|like|wish|can|could|should|must|shall|will|able|expect|desire|require|have\s+to|have\s+the\s+ability|be\s+able)\b)/i;

// The end indicator: "so that", "so I can", "in order to", "such that"...
const END_INDICATOR =
  /(?:[\s,;:(]|^)(so\s+that|so\s+as\s+to|in\s+order\s+(?:to|that|for)|such\s+that|so(?=\s+(?:i|we|they|he|she|it|my|our|the|that|users?|people|everyone|anyone|others?|this|there|all|staff)\b)|that\s+way|because|since|to\s+(?:ensure|enable|allow|make\s+sure|avoid|prevent|help|support|reduce|improve|increase|keep|save|facilitate|guarantee)\b)/i;

const MAX_ROLE_WORDS = 12;

/**
 * The words of a story written with markup: Markdown / wiki emphasis, HTML line breaks and tags, list bullets
 * and heading marks are dropped, so "**As a** user<br>**I want** …" reads as "As a user I want …" and the
 * role, means and end shown in the panel are plain text.
 */
export function plainStoryText(text: string): string {
  return text
    .replace(/<br\s*\/?>|<\/?(?:p|div|span|b|strong|i|em|u|li|ul|ol)\b[^>]*>/gi, ' ')
    .replace(/^\s*(?:#{1,6}\s+|h[1-6]\.\s+|>\s*|(?:[-*+•]|\d{1,2}[.)])\s+)/gm, '')
    .replace(/\\([*_])/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/(^|[\s(])[*_]+(?=\S)/g, '$1')
    .replace(/(?<=\S)[*_]+(?=[\s,.;:!?)]|$)/g, '');
}

/** Parses the first user-story sentence found in `text`; `null` when there is none. */
export function parseStoryForm(text: string): StoryForm | null {
  if (!text) return null;
  const flat = (/[*_<#>\n]|\bh[1-6]\./.test(text) ? plainStoryText(text) : text).replace(/\s+/g, ' ');
  let from = 0;
  for (let guard = 0; guard < 20; guard++) {
    const rest = flat.slice(from);
    const rm = ROLE_START.exec(rest);
    if (!rm) return null;
    const roleStart = from + rm.index + rm[0].length;
    const afterRole = flat.slice(roleStart);
    const mm = MEANS_INDICATOR.exec(afterRole);
    if (mm) {
      const role = afterRole
        .slice(0, mm.index)
        .replace(/[\s,;:]+$/, '')
        .replace(/[*_"“”]+/g, '')
        .trim();
      const roleWords = role ? role.split(/\s+/).length : 0;
      if (roleWords >= 1 && roleWords <= MAX_ROLE_WORDS && !/[.!?]\s/.test(role)) {
        const meansStart = roleStart + mm.index + mm[0].length;
        const indicator = mm[1].replace(/\s+/g, ' ').trim();
        let body = flat.slice(meansStart);
        // The story ends at the end of its sentence (a period followed by a capital or a new story).
        const stop = /(?:[.!?](?:\s+(?=[A-Z])(?!So\s+(?:that|I|we)\b)|\s*$))|\s+As\s+an?\s/.exec(body);
        if (stop) body = body.slice(0, stop.index);
        // The end starts after the first words of the means ("I want to ensure X, so that Y": "to ensure" is the means).
        const lead = /^\s*(?:to\s+)?(?:be\s+able\s+to\s+)?\S+/.exec(body);
        const offset = lead ? lead[0].length : 0;
        const found = END_INDICATOR.exec(body.slice(offset));
        const em = found ? Object.assign(found, { index: found.index + offset }) : null;
        let means = body;
        let end = '';
        let endIndicator = '';
        if (em && em.index > 0) {
          means = body.slice(0, em.index);
          endIndicator = em[1].replace(/\s+/g, ' ').toLowerCase();
          end = body.slice(em.index + em[0].length).trim();
        }
        means = means.replace(/^[\s,:;]+|[\s,;:.]+$/g, '').trim();
        const wholeEnd = meansStart + body.length;
        return {
          text: flat.slice(from + rm.index, wholeEnd).trim(),
          role,
          meansIndicator: indicator,
          means,
          endIndicator,
          end: end.replace(/[\s.]+$/, ''),
        };
      }
    }
    from = roleStart;
  }
  return null;
}

/** Words of the means after its leading infinitive marker ("to", "be able to"). */
export function stripMeansLead(means: string): string {
  return means
    .replace(/^(?:to\s+)?(?:be\s+able\s+to|have\s+the\s+(?:ability|option|possibility)\s+to|be\s+allowed\s+to|have\s+a\s+way\s+to)\s+/i, '')
    .replace(/^to\s+/i, '')
    .trim();
}

const STARTS_STORY = /(?:^|[\s"'“(*_>:-])as\s+\S/i;
const CONTINUES_END = /^\s*(?:so\b|in\s+order\b|such\s+that\b|because\b|that\s+way\b)/i;

/**
 * A story spread over several blocks of a description: "**As a** POPM" / "**I want** to export …" /
 * "**So that** …" on separate lines, list items or paragraphs, with headings ("Goal", "Benefit") between
 * them. Starting at a block that opens with a role, the next blocks are added while the story still lacks
 * its means, or while it lacks an end and the next block starts one; headings between the parts are skipped.
 */
export function parseStoryFormInBlocks(blocks: readonly { text: string; heading: boolean }[], maxJoin = 6): StoryForm | null {
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i].heading && !STARTS_STORY.test(blocks[i].text)) continue;
    let text = blocks[i].text;
    let form = parseStoryForm(text);
    if (!STARTS_STORY.test(plainStoryText(text))) {
      if (form) return form;
      continue;
    }
    for (let k = i + 1, joined = 0; k < blocks.length && joined < maxJoin; k++) {
      if (blocks[k].heading) continue;
      const next = plainStoryText(blocks[k].text);
      const wants = !form || !stripMeansLead(form.means);
      if (!wants && (form!.end || !CONTINUES_END.test(next))) break;
      const longer = parseStoryForm(`${text} ${next}`);
      if (!longer) break;
      text = `${text} ${next}`;
      form = longer;
      joined++;
    }
    if (form) return form;
  }
  return null;
}
