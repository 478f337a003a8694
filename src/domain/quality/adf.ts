/**
 * Text reader for Jira rich text. Turns an Atlassian Document Format (ADF) value, or a plain /
 * Markdown string, into a flat list of text blocks the quality rules can reason about.
 *
 * It never throws: a malformed or unknown ADF value yields the text that could be extracted and
 * `source: 'adf-fallback'`.
 */

export type AdfNode = {
  type: string;
  text?: string;
  content?: AdfNode[];
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
};

export type AdfDoc = AdfNode & { type: 'doc'; version?: number; content: AdfNode[] };

export type BlockKind = 'paragraph' | 'heading' | 'listItem' | 'taskItem' | 'code' | 'tableCell' | 'quote';

export interface TextBlock {
  kind: BlockKind;
  text: string;
  /** Heading level (1..6); also set on a paragraph that is entirely bold (treated as a pseudo-heading, level 7). */
  level?: number;
  /** The whole block is bold (a "pseudo-heading"). */
  bold?: boolean;
  /** taskItem state. */
  done?: boolean;
  /** Where a table cell's text sits: a header row or column names what the other cells hold. */
  cell?: TableCellAt;
}

export interface TableCellAt {
  table: number;
  row: number;
  col: number;
  /** An ADF tableHeader, or a Markdown / wiki header row. */
  header: boolean;
}

export type TextSource = 'adf' | 'text' | 'adf-fallback';

export interface ReadText {
  blocks: TextBlock[];
  /** All block texts joined by newlines. */
  text: string;
  source: TextSource;
}

const MAX_DEPTH = 64;
const MAX_NODES = 20_000;

const BLOCK_CONTAINERS = new Set(['doc', 'bulletList', 'orderedList', 'taskList', 'decisionList', 'table', 'tableRow', 'panel', 'expand', 'nestedExpand', 'layoutSection', 'layoutColumn', 'mediaSingle', 'mediaGroup', 'bodiedExtension', 'multiBodiedExtension', 'extensionFrame', 'blockquote', 'listItem', 'tableCell', 'tableHeader']);
const INLINE_TYPES = new Set(['text', 'mention', 'emoji', 'inlineCard', 'hardBreak', 'status', 'date', 'placeholder', 'inlineExtension', 'mediaInline']);
const LEAF_BLOCKS = new Set(['rule', 'media', 'blockCard', 'embedCard', 'extension']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

// A run that is only decoration (emoji shortcode, numbering, punctuation) says nothing about whether a line is bold.
const DECORATION_ONLY = /^(?:\s|:[a-z0-9_+-]{2,40}:|\d{1,3}[.)]|[^\p{L}\p{N}])*$/iu;

class AdfWalker {
  blocks: TextBlock[] = [];
  malformed = false;
  private tables = 0;
  private cellAt: TableCellAt | null = null;
  private nodes = 0;
  private seen = new Set<unknown>();

  /** Inline content of a paragraph-like node → its text and whether every text run is bold. */
  inline(node: unknown, depth: number, acc: { text: string; plain: number; bold: number }): void {
    if (!this.enter(node, depth)) return;
    const n = node as Record<string, unknown>;
    const type = str(n.type);
    switch (type) {
      case 'text': {
        const t = str(n.text);
        if (typeof n.text !== 'string') this.malformed = true;
        acc.text += t;
        if (t.trim() && !DECORATION_ONLY.test(t)) {
          const marks = Array.isArray(n.marks) ? n.marks : [];
          const strong = marks.some((m) => isObject(m) && m.type === 'strong');
          if (strong) acc.bold += 1;
          else acc.plain += 1;
        }
        return;
      }
      case 'hardBreak':
        acc.text += '\n';
        return;
      case 'mention': {
        const a = isObject(n.attrs) ? n.attrs : {};
        const t = str(a.text) || (str(a.id) ? `@${str(a.id)}` : '');
        acc.text += t.startsWith('@') || !t ? t : `@${t}`;
        acc.plain += 1;
        return;
      }
      case 'emoji': {
        const a = isObject(n.attrs) ? n.attrs : {};
        acc.text += str(a.text) || str(a.shortName);
        return;
      }
      case 'inlineCard': {
        const a = isObject(n.attrs) ? n.attrs : {};
        acc.text += str(a.url) || (isObject(a.data) ? str(a.data.url) || str(a.data.name) : '');
        acc.plain += 1;
        return;
      }
      case 'status':
      case 'placeholder': {
        const a = isObject(n.attrs) ? n.attrs : {};
        acc.text += str(a.text);
        acc.plain += 1;
        return;
      }
      case 'date':
      case 'mediaInline':
      case 'inlineExtension':
        return;
      default:
        // Unknown inline node: keep its text, if any, but note the document is not well-formed.
        this.malformed = true;
        if (typeof n.text === 'string') acc.text += n.text;
        if (Array.isArray(n.content)) for (const c of n.content) this.inline(c, depth + 1, acc);
    }
  }

  private enter(node: unknown, depth: number): boolean {
    if (!isObject(node) || depth > MAX_DEPTH || this.nodes >= MAX_NODES || this.seen.has(node)) {
      this.malformed = true;
      return false;
    }
    this.nodes++;
    this.seen.add(node);
    if (typeof node.type !== 'string') {
      this.malformed = true;
    }
    return true;
  }

  private textBlock(node: Record<string, unknown>, depth: number, kind: BlockKind, extra: Partial<TextBlock> = {}): void {
    const acc = { text: '', plain: 0, bold: 0 };
    const content = Array.isArray(node.content) ? node.content : [];
    if (node.content !== undefined && !Array.isArray(node.content)) this.malformed = true;
    for (const c of content) this.inline(c, depth + 1, acc);
    const text = acc.text.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (!text) return;
    const block: TextBlock = { kind, text, ...extra };
    if (acc.bold > 0 && acc.plain === 0) block.bold = true;
    if (this.cellAt) block.cell = { ...this.cellAt };
    this.blocks.push(block);
  }

  block(node: unknown, depth: number, inList?: BlockKind): void {
    if (!this.enter(node, depth)) return;
    const n = node as Record<string, unknown>;
    const type = str(n.type);
    const children = Array.isArray(n.content) ? n.content : [];
    if (n.content !== undefined && !Array.isArray(n.content)) this.malformed = true;
    switch (type) {
      case 'paragraph':
        this.textBlock(n, depth, inList ?? 'paragraph');
        return;
      case 'heading': {
        const a = isObject(n.attrs) ? n.attrs : {};
        const level = typeof a.level === 'number' && a.level >= 1 && a.level <= 6 ? a.level : 1;
        this.textBlock(n, depth, 'heading', { level });
        return;
      }
      case 'codeBlock':
        this.textBlock(n, depth, 'code');
        return;
      case 'taskItem':
      case 'decisionItem': {
        // Task items hold inline content directly (or, in newer ADF, paragraphs).
        const a = isObject(n.attrs) ? n.attrs : {};
        const done = a.state === 'DONE' || a.state === 'DECIDED';
        if (children.some((c) => isObject(c) && (c.type === 'paragraph' || c.type === 'taskList'))) {
          for (const c of children) this.block(c, depth + 1, 'taskItem');
        } else {
          this.textBlock(n, depth, 'taskItem', { done });
        }
        return;
      }
      case 'listItem':
        for (const c of children) this.block(c, depth + 1, 'listItem');
        return;
      case 'table': {
        const table = this.tables++;
        const outer = this.cellAt;
        children.forEach((row, r) => {
          if (!this.enter(row, depth + 1)) return;
          const cells = isObject(row) && Array.isArray(row.content) ? row.content : [];
          cells.forEach((cell, col) => {
            this.cellAt = { table, row: r, col, header: isObject(cell) && cell.type === 'tableHeader' };
            this.block(cell, depth + 2, inList);
          });
        });
        this.cellAt = outer;
        return;
      }
      case 'tableCell':
      case 'tableHeader':
        for (const c of children) this.block(c, depth + 1, 'tableCell');
        return;
      case 'blockquote':
        for (const c of children) this.block(c, depth + 1, 'quote');
        return;
      case 'expand':
      case 'nestedExpand': {
        const a = isObject(n.attrs) ? n.attrs : {};
        const title = str(a.title).trim();
        if (title) this.blocks.push({ kind: 'heading', text: title, level: 6 });
        for (const c of children) this.block(c, depth + 1, inList);
        return;
      }
      default:
        if (BLOCK_CONTAINERS.has(type)) {
          for (const c of children) this.block(c, depth + 1, inList);
          return;
        }
        if (LEAF_BLOCKS.has(type)) return;
        if (INLINE_TYPES.has(type)) {
          // Inline node at block level: not valid ADF, but keep its text.
          this.malformed = true;
          const acc = { text: '', plain: 0, bold: 0 };
          this.seen.delete(node);
          this.nodes--;
          this.inline(node, depth, acc);
          const text = acc.text.trim();
          if (text) this.blocks.push({ kind: inList ?? 'paragraph', text });
          return;
        }
        // Unknown node: keep whatever text is inside.
        this.malformed = true;
        if (typeof n.text === 'string' && n.text.trim()) this.blocks.push({ kind: inList ?? 'paragraph', text: n.text.trim() });
        for (const c of children) this.block(c, depth + 1, inList);
    }
  }
}

/** Last-resort extraction: every string under a `text` key, depth-first, without recursion blow-ups. */
function scavenge(value: unknown): TextBlock[] {
  const out: TextBlock[] = [];
  const stack: unknown[] = [value];
  const seen = new Set<unknown>();
  let guard = 0;
  while (stack.length && guard++ < MAX_NODES) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.text === 'string' && o.text.trim()) out.push({ kind: 'paragraph', text: o.text.trim() });
    if (Array.isArray(o.content)) stack.push(o.content);
  }
  return out;
}

function join(blocks: TextBlock[]): string {
  return blocks.map((b) => b.text).join('\n');
}

// --- Plain text / Markdown ----------------------------------------------------------------------

const MD_HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const MD_UNDERLINE = /^\s{0,3}(=+|-{2,})\s*$/;
const MD_TASK = /^\s*(?:[-*+]|\d+[.)])?\s*\[( |x|X)\]\s+(.*)$/;
const MD_LIST = /^\s*(?:[-*+•]|\d+[.)]|[a-z][.)])\s+(.*)$/;
const MD_BOLD_LINE = /^\s*(?:\*\*|__)([^*_].*?)(?:\*\*|__)\s*:?\s*$/;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;

/** Reads a plain or Markdown string into blocks (headings, bold lines, list/task items, code, paragraphs). */
export function readPlainText(input: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const text = input.replace(/\r\n?/g, '\n').replace(HTML_COMMENT, '');
  const lines = text.split('\n');
  let inCode = false;
  let code: string[] = [];
  let para: string[] = [];
  let tables = 0;
  let row = 0;
  let inTable = false;
  // Jira wiki markup ("h3. …", "||header||") writes list items as "# item" / "* item", which Markdown reads as headings.
  const wikiMarkup = /^\s*(?:h[1-6]\.\s|\|\||\{(?:code|noformat|panel|quote)[:}])/m.test(text);
  const flush = () => {
    // Lines keep their breaks, as ADF keeps a hard break: a line may start with its own label ("AC: …").
    const t = para.map((l) => l.replace(/\s+/g, ' ').trim()).join('\n').trim();
    if (t) blocks.push({ kind: 'paragraph', text: t });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!/^\s*\|/.test(line)) inTable = false;
    if (/^\s*(```|~~~)/.test(line)) {
      if (inCode) {
        const t = code.join('\n').trim();
        if (t) blocks.push({ kind: 'code', text: t });
        code = [];
        inCode = false;
      } else {
        flush();
        inCode = true;
      }
      continue;
    }
    if (inCode) {
      code.push(line);
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const wikiItem = wikiMarkup ? /^\s*[#*-]+\s+(.*)$/.exec(line) : null;
    if (wikiItem) {
      flush();
      const t = stripInlineMd(wikiItem[1]);
      if (t) blocks.push({ kind: 'listItem', text: t });
      continue;
    }
    let m = MD_HEADING.exec(line);
    if (m) {
      flush();
      const t = stripInlineMd(m[2]);
      if (t) blocks.push({ kind: 'heading', text: t, level: m[1].length });
      continue;
    }
    if (para.length === 0 && i + 1 < lines.length && MD_UNDERLINE.test(lines[i + 1]) && line.trim() && !MD_LIST.test(line)) {
      blocks.push({ kind: 'heading', text: stripInlineMd(line.trim()), level: lines[i + 1].trim().startsWith('=') ? 1 : 2 });
      i++;
      continue;
    }
    m = MD_TASK.exec(line);
    if (m) {
      flush();
      const t = stripInlineMd(m[2]);
      if (t) blocks.push({ kind: 'taskItem', text: t, done: m[1] !== ' ' });
      continue;
    }
    m = MD_BOLD_LINE.exec(line);
    if (m && !MD_LIST.test(line)) {
      flush();
      blocks.push({ kind: 'paragraph', text: stripInlineMd(m[1]), bold: true });
      continue;
    }
    m = MD_LIST.exec(line);
    if (m) {
      flush();
      const t = stripInlineMd(m[1]);
      if (t) blocks.push({ kind: 'listItem', text: t });
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const t = stripInlineMd(line.replace(/^\s*>+\s?/, ''));
      if (t) blocks.push({ kind: 'quote', text: t });
      continue;
    }
    if (/^\s*\|/.test(line)) {
      flush();
      if (!inTable) {
        inTable = true;
        tables++;
        row = 0;
      }
      if (/^\s*\|?\s*:?-{2,}/.test(line)) {
        // Markdown's delimiter row: the row above it is the header.
        for (const b of blocks) if (b.cell && b.cell.table === tables - 1 && b.cell.row === row - 1) b.cell.header = true;
        continue;
      }
      // Jira wiki markup marks header cells with "||".
      const header = /^\s*\|\|/.test(line);
      const cells = line.trim().replace(/^\|+/, '').replace(/\|+$/, '').split(/\|\|?/);
      cells.forEach((cell, col) => {
        const t = stripInlineMd(cell);
        if (t) blocks.push({ kind: 'tableCell', text: t, cell: { table: tables - 1, row, col, header } });
      });
      row++;
      continue;
    }
    // Jira wiki markup heading: "h3. Acceptance criteria"
    const wiki = /^\s*h([1-6])\.\s+(.*)$/.exec(line);
    if (wiki) {
      flush();
      blocks.push({ kind: 'heading', text: stripInlineMd(wiki[2]), level: Number(wiki[1]) });
      continue;
    }
    para.push(line.trim());
  }
  if (inCode) {
    const t = code.join('\n').trim();
    if (t) blocks.push({ kind: 'code', text: t });
  }
  flush();
  return blocks;
}

function stripInlineMd(s: string): string {
  return s
    .replace(/\*\*|__/g, '')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads a Jira text value: `null`/`undefined` → no blocks; a string → Markdown-ish parsing
 * (`source: 'text'`); an ADF document → its blocks (`'adf'`); anything else, or an ADF value that
 * is malformed or contains unknown nodes → the extractable text (`'adf-fallback'`). Never throws.
 */
export function readText(value: unknown): ReadText {
  if (value === null || value === undefined) return { blocks: [], text: '', source: 'text' };
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{"') && trimmed.includes('"type"') && trimmed.includes('"doc"')) {
      try {
        return readText(JSON.parse(trimmed));
      } catch {
        /* not JSON after all: plain text */
      }
    }
    const blocks = readPlainText(value);
    return { blocks, text: join(blocks), source: 'text' };
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    const blocks = readPlainText(String(value));
    return { blocks, text: join(blocks), source: 'adf-fallback' };
  }
  try {
    const walker = new AdfWalker();
    if (!isObject(value) || value.type !== 'doc' || !Array.isArray(value.content)) walker.malformed = true;
    if (Array.isArray(value)) for (const c of value) walker.block(c, 1);
    else walker.block(value, 0);
    const blocks = walker.blocks;
    return { blocks, text: join(blocks), source: walker.malformed ? 'adf-fallback' : 'adf' };
  } catch {
    let blocks: TextBlock[];
    try {
      blocks = scavenge(value);
    } catch {
      blocks = [];
    }
    return { blocks, text: join(blocks), source: 'adf-fallback' };
  }
}
