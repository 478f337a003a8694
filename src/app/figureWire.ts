import { createHash } from 'node:crypto';
import { FIGURE_INLINE_PARTS, type FigureLinks, type FigureView, type JqlLink } from '../contract';

/**
 * Issue 16: a tab's answer as it travels. Every FigureView in it whose key list is longer than
 * `inlineParts` URL parts leaves that list out (`links` and/or `denominatorLinks` become []) and
 * says so (`linksOnDemand`: the part counts and the lists' digest); the lists are kept apart, by
 * figure id, for `getFigureLinks`. Counts, ids and short lists travel unchanged. At 46k issues this
 * took the Quality answer from 20 MB to 68 KB, the PI planning answer from 5 MB and the Improvement
 * answer from 1.7 MB (docs/PERFORMANCE.md).
 */

/** The key lists a tab's answer left out, by figure id, with the view's "as of". */
export interface TabLinks {
  asOf: string;
  figures: Record<string, FigureLinks>;
}

/**
 * What identifies a figure's key lists: the same digest means the same links, so the UI can tell
 * that links fetched later (from a stored view or a live computation with another "as of") open
 * exactly the issues behind the number it shows.
 */
export function linksDigest(links: readonly JqlLink[], denominatorLinks?: readonly JqlLink[]): string {
  const h = createHash('sha256');
  // Over the JQL (the issue set), not the URL: the same lists on any site base URL are the same lists.
  for (const l of links) h.update(`${l.jql}\n`);
  h.update('|\n');
  for (const l of denominatorLinks ?? []) h.update(`${l.jql}\n`);
  return h.digest('hex').slice(0, 16);
}

export function figureLinksOf(f: FigureView): FigureLinks {
  return {
    id: f.id,
    numerator: f.numerator,
    denominator: f.denominator,
    memberCount: f.memberCount,
    links: f.links,
    ...(f.denominatorLinks ? { denominatorLinks: f.denominatorLinks } : {}),
    digest: linksDigest(f.links, f.denominatorLinks),
  };
}

/** A FigureView, told from the other objects of a view by the fields only a figure has together. */
export function isFigureView(x: unknown): x is FigureView {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const f = x as Partial<FigureView>;
  return typeof f.id === 'string' && typeof f.metric === 'string' && typeof f.kind === 'string' && typeof f.numerator === 'number' && typeof f.memberCount === 'number' && Array.isArray(f.links);
}

/** The view with its long key lists left out, and those lists by figure id. */
export function wireFigures<T>(full: T, inlineParts = FIGURE_INLINE_PARTS): { view: T; withheld: Record<string, FigureLinks> } {
  const withheld: Record<string, FigureLinks> = {};
  const slim = (f: FigureView): FigureView => {
    const longLinks = f.links.length > inlineParts;
    const longDenominator = (f.denominatorLinks?.length ?? 0) > inlineParts;
    if (!longLinks && !longDenominator) return f;
    const whole = figureLinksOf(f);
    withheld[f.id] = whole;
    return {
      ...f,
      links: longLinks ? [] : f.links,
      ...(f.denominatorLinks ? { denominatorLinks: longDenominator ? [] : f.denominatorLinks } : {}),
      linksOnDemand: { ...(longLinks ? { links: f.links.length } : {}), ...(longDenominator ? { denominatorLinks: f.denominatorLinks!.length } : {}), digest: whole.digest },
    };
  };
  // Copy on write: an object none of whose figures changed is returned as it was.
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      let out: unknown[] | null = null;
      x.forEach((v, i) => {
        const w = walk(v);
        if (w !== v) (out ??= x.slice())[i] = w;
      });
      return out ?? x;
    }
    if (typeof x !== 'object' || x === null) return x;
    if (isFigureView(x)) return x.linksOnDemand ? x : slim(x);
    let out: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(x)) {
      const w = walk(v);
      if (w !== v) (out ??= { ...(x as Record<string, unknown>) })[k] = w;
    }
    return out ?? x;
  };
  return { view: walk(full) as T, withheld };
}

/** A view as it travels and the key lists it left out, with the "as of" they are of (the form every stored tab view keeps). */
export function wireTab<T>(asOf: string, full: T, inlineParts = FIGURE_INLINE_PARTS): { view: T; links: TabLinks } {
  const { view, withheld } = wireFigures(full, inlineParts);
  return { view, links: { asOf, figures: withheld } };
}

/** Every FigureView in a view (depth first), e.g. to answer the links of one it carried whole. */
export function figuresIn(view: unknown): FigureView[] {
  const out: FigureView[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (typeof x !== 'object' || x === null) return;
    if (isFigureView(x)) return void out.push(x);
    for (const v of Object.values(x)) walk(v);
  };
  walk(view);
  return out;
}
