/** Tiny HTML helpers for the harness's Jira-like chrome. Every interpolated value is escaped. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only http(s) and relative links survive; `javascript:` and friends render inert. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  try {
    const u = new URL(href, 'http://harness.invalid/');
    return u.protocol === 'http:' || u.protocol === 'https:' ? href : null;
  } catch {
    return null;
  }
}

type Node = { type?: string; text?: string; content?: unknown; attrs?: Record<string, unknown>; marks?: { type: string; attrs?: Record<string, unknown> }[] };

/** Renders ADF as the issue view would, for looking at stories in the harness. Unknown nodes show their text. */
export function adfToHtml(node: unknown, depth = 0): string {
  if (depth > 50 || !node || typeof node !== 'object') return typeof node === 'string' ? esc(node) : '';
  const n = node as Node;
  const kids = Array.isArray(n.content) ? n.content.map((c) => adfToHtml(c, depth + 1)).join('') : '';
  switch (n.type) {
    case 'doc':
      return kids;
    case 'paragraph':
      return `<p>${kids}</p>`;
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(n.attrs?.level) || 3));
      return `<h${level}>${kids}</h${level}>`;
    }
    case 'bulletList':
      return `<ul>${kids}</ul>`;
    case 'orderedList':
      return `<ol>${kids}</ol>`;
    case 'listItem':
      return `<li>${kids}</li>`;
    case 'taskList':
      return `<ul class="tasks">${kids}</ul>`;
    case 'taskItem':
      return `<li>${n.attrs?.state === 'DONE' ? '☑' : '☐'} ${kids}</li>`;
    case 'codeBlock':
      return `<pre><code>${kids}</code></pre>`;
    case 'blockquote':
      return `<blockquote>${kids}</blockquote>`;
    case 'panel':
      return `<div class="panel">${kids}</div>`;
    case 'expand':
      return `<details><summary>${esc(n.attrs?.title ?? 'Details')}</summary>${kids}</details>`;
    case 'table':
      return `<table class="adf">${kids}</table>`;
    case 'tableRow':
      return `<tr>${kids}</tr>`;
    case 'tableHeader':
      return `<th>${kids}</th>`;
    case 'tableCell':
      return `<td>${kids}</td>`;
    case 'hardBreak':
      return '<br>';
    case 'rule':
      return '<hr>';
    case 'mention':
      return `<span class="mention">${esc(n.attrs?.text ?? '@someone')}</span>`;
    case 'emoji':
      return esc(n.attrs?.text ?? n.attrs?.shortName ?? '');
    case 'inlineCard': {
      const href = safeHref(n.attrs?.url);
      return href ? `<a href="${esc(href)}">${esc(href)}</a>` : esc(n.attrs?.url);
    }
    case 'text': {
      let html = esc(n.text);
      for (const m of n.marks ?? []) {
        if (m.type === 'strong') html = `<strong>${html}</strong>`;
        else if (m.type === 'em') html = `<em>${html}</em>`;
        else if (m.type === 'code') html = `<code>${html}</code>`;
        else if (m.type === 'link') {
          const href = safeHref(m.attrs?.href);
          if (href) html = `<a href="${esc(href)}" rel="noopener">${html}</a>`;
        }
      }
      return html;
    }
    default:
      return kids || esc(n.text ?? '');
  }
}
