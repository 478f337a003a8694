import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));
const vendor = (file: string) => fileURLToPath(new URL(`./src/vendor/${file}`, import.meta.url));
const nodeModule = (file: string) => fileURLToPath(new URL(`../node_modules/${file}`, import.meta.url));

/**
 * Smaller downloads for the same Atlaskit behaviour (issue 16: what each module's frame downloads,
 * test/e2e/bundles.test.ts). Each redirect is for one importer set and says why it is safe:
 *  - the app's `@atlaskit/primitives` (Box, Inline, Stack) is the package's compiled build, the one
 *    Atlaskit's own components (section message, lozenge, button, table) already load — so the
 *    Emotion build and its xcss maps (~9 KiB gzipped) are not downloaded as well;
 *  - Lozenge's `@atlaskit/primitives/pressable` (drawn only for the dropdown-trigger lozenge, which
 *    the app never shows) is the compiled Pressable, for the same reason;
 *  - `@atlaskit/tooltip` is vendor/lazyTooltip.tsx: the real tooltip (with Popper, top layer,
 *    portal and motion, ~35 KiB gzipped) loads on a person's first pointer or keyboard use of the
 *    frame, not before the panel shows its content. Only that file imports the real package;
 *  - `@forge/bridge` is vendor/forgeBridge.ts: the bridge's index pulls every API (i18n with lodash,
 *    fetch with egress, realtime, rovo…) as CommonJS, which no bundler can tree-shake; the app uses
 *    invoke, view, router and events. getContext's locale check keeps its ensureLocale, without the
 *    translation helpers and lodash around it.
 */
function leaner(): Plugin {
  const lazyTooltip = vendor('lazyTooltip.tsx');
  return {
    name: 'refinery-leaner-bundle',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer) return null;
      if (source === '@atlaskit/primitives' && importer.startsWith(`${here}src/`)) return this.resolve('@atlaskit/primitives/compiled', importer, { skipSelf: true });
      if (source === '@atlaskit/primitives/pressable' && importer.includes('/@atlaskit/lozenge/')) return vendor('compiledPressable.ts');
      if ((source === '@atlaskit/tooltip' || source === '@atlaskit/tooltip/Tooltip') && importer !== lazyTooltip) return lazyTooltip;
      if (source === '@forge/bridge' && !importer.includes('/node_modules/')) return vendor('forgeBridge.ts');
      if (source === '@forge/i18n' && importer.includes('/@forge/bridge/out/view/')) return nodeModule('@forge/i18n/out/ensureLocale.js');
      return null;
    },
  };
}

/**
 * Two Custom UI resources (manifest.yml `resources`), each a directory with its own index.html as Forge
 * requires: `main` (static/build: project page, admin page, sprint action, gadget, Automation forms)
 * and, with `--mode panel`, `panel` (static/build-panel: the issue panel alone, from static/panel), so
 * the panel's HTML names its own modules and the browser fetches them as the frame opens (issue 16).
 */
export default defineConfig(({ mode }) => {
  const panel = mode === 'panel';
  return {
    root: panel ? fileURLToPath(new URL('./panel/', import.meta.url)) : here,
    // Forge serves each resource from a subpath, so every asset URL is relative.
    base: './',
    publicDir: panel ? false : fileURLToPath(new URL('./public/', import.meta.url)),
    plugins: [leaner(), react()],
    resolve: {
      // Statsig's client is never initialised in a Custom UI iframe; see the stand-in's header.
      alias: [{ find: /^@atlaskit\/feature-gate-js-client\/feature-gates$/, replacement: vendor('featureGatesOff.ts') }],
    },
    build: {
      outDir: fileURLToPath(new URL(panel ? './build-panel/' : './build/', import.meta.url)),
      emptyOutDir: true,
      sourcemap: false,
      // Browsers Jira Cloud supports; no down-levelling helpers for classes, async or spread.
      target: 'es2022',
      chunkSizeWarningLimit: 2000,
    },
  };
});
