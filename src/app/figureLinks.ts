import type { FigureLinks, FigureLinksData, FigureLinksTab } from '../contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';
import { figureLinksOf, figuresIn, wireTab, type TabLinks } from './figureWire';
import { improvementView } from './improvement';
import { computePiPlan, piPlanningView, piPlanningWire } from './piPlanning';
import { projectOrNotFound } from './project';
import { storedOverviewLinks } from './projectOverview';
import { qualitySummaryView, qualityWire } from './qualitySummary';
import { currentSettings } from './siteMetadata';
import { storedTab } from './tabViews';
import { trainHealth } from './trainHealth';

const TAB_NAME: Record<FigureLinksTab, string> = { overview: 'Overview', quality: 'Quality', improvement: 'Improvement', piPlanning: 'PI planning' };

/** A tab's links: the lists its answer left out, and the whole view (for a figure it carried whole). */
interface Source {
  links: TabLinks;
  view: () => unknown;
}

/**
 * The links of a tab's figures asked (those its answer left out, or any other of its figures): from
 * the same person's stored view as the tab (same checks: browse the project, same settings, no write
 * since), else the same live computation as the tab's. `pi` is the PI the tab shows (Improvement's
 * I&A summary, PI planning's board); PI planning's stored view is its default PI's, so another PI's
 * links are planned live, as its board was. The Overview's come from the person's stored overview
 * only (it is a whole sync). A figure the tab does not show now is NOT_FOUND (the tab then says to
 * refresh).
 */
export async function getFigureLinks(ctx: AppContext, projectKey: string, figureIds: readonly string[], tab: FigureLinksTab = 'quality', pi?: string): Promise<FigureLinksData> {
  const [{ settings, meta }] = await Promise.all([currentSettings(ctx), projectOrNotFound(ctx, projectKey)]);
  const want = [...new Set(figureIds)];
  const has = (found: Record<string, FigureLinks>, id: string) => Object.prototype.hasOwnProperty.call(found, id);

  const stored = async (): Promise<Source | undefined> => {
    if (tab === 'overview') return storedOverviewLinks(ctx, projectKey, settings);
    if (tab === 'quality' || tab === 'improvement') {
      const links = await storedTab(ctx, projectKey, `${tab}Links`, settings);
      return links && { links, view: () => storedTab(ctx, projectKey, tab, settings) };
    }
    const links = await storedTab(ctx, projectKey, 'piPlanningLinks', settings);
    // Another PI than the stored one's (any case, as the tab matches it): planned live; an unknown one is NOT_FOUND there.
    if (!links || (pi && pi.toLowerCase() !== links.pi?.toLowerCase())) return undefined;
    return { links, view: async () => (await storedTab(ctx, projectKey, 'piPlanning', settings))?.default };
  };

  const live = async (): Promise<Source> => {
    // The overview is a whole sync, never recomputed here: without a stored view the page shows none either.
    if (tab === 'overview') throw new AppFailure('NOT_FOUND', 'The Overview has no stored numbers now (a refresh may be under way, or the settings changed). Press Refresh on the page.', { missing: want });
    if (tab === 'piPlanning') {
      const full = piPlanningView(ctx.siteUrl, projectKey, await computePiPlan(ctx, projectKey, pi), ctx.now());
      return { links: piPlanningWire(full).links, view: () => full };
    }
    const { train, health, quality } = await trainHealth(ctx.jira, ctx.store, settings, meta, projectKey, ctx.now());
    if (tab === 'quality') {
      const full = qualitySummaryView(ctx.siteUrl, health, quality);
      return { links: qualityWire(full).links, view: () => full };
    }
    const full = improvementView(pi, ctx.siteUrl, projectKey, settings, train, health, quality, ctx.now());
    return { links: wireTab(full.asOf, full).links, view: () => full };
  };

  const source = (await stored()) ?? (await live());
  const found: Record<string, FigureLinks> = { ...source.links.figures };
  // A figure the answer carried whole (the UI never asks; another client may): its links from the same view.
  if (want.some((id) => !has(found, id))) {
    const view = await source.view();
    for (const f of figuresIn(view)) if (!f.linksOnDemand && !has(found, f.id)) found[f.id] = figureLinksOf(f);
  }
  const missing = want.filter((id) => !has(found, id));
  if (missing.length) throw new AppFailure('NOT_FOUND', `The ${TAB_NAME[tab]} tab has no such list of issues now (${missing.join(', ')}): its numbers may have changed. Press Refresh on the tab.`, { missing });
  return { asOf: source.links.asOf, figures: want.map((id) => found[id]) };
}
