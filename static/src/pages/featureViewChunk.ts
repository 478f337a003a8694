/**
 * The feature view's code (its own chunk): the issue panel's lazy() and the panel's start
 * (static/src/panelStart.ts) share this import, so the chunk is asked for once. The start asks for
 * it with the context, alongside the resolver call: ~5 KB gzipped that a story's panel never shows,
 * against the round trip a feature's panel would otherwise make after its answer (issue 16).
 */
export const loadFeatureView = () => import('../components/FeatureView').then((m) => ({ default: m.FeatureView }));
