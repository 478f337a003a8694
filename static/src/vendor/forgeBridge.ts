/**
 * Build-time stand-in for `@forge/bridge` (static/vite.config.ts aliases the app's imports here): the
 * same functions, from the bridge's own modules, without the index that requires every API the
 * bridge has (i18n with lodash, fetch with egress, realtime, rovo, object store…) as CommonJS, which
 * the bundler cannot tree-shake (issue 16: the panel's JavaScript). Add an export here when the app
 * uses another bridge API; TypeScript checks the app against the real package's types.
 */
export { invoke } from '../../../node_modules/@forge/bridge/out/invoke/invoke';
export { view } from '../../../node_modules/@forge/bridge/out/view/view';
export { router } from '../../../node_modules/@forge/bridge/out/router/router';
export { events } from '../../../node_modules/@forge/bridge/out/events/events';
