import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

// Forge serves the resource from a subpath, so every asset URL is relative.
export default defineConfig({
  root: here,
  base: './',
  publicDir: 'public',
  plugins: [react()],
  resolve: {
    // Statsig's client is never initialised in a Custom UI iframe; see the stand-in's header.
    alias: [{ find: /^@atlaskit\/feature-gate-js-client\/feature-gates$/, replacement: fileURLToPath(new URL('./src/vendor/featureGatesOff.ts', import.meta.url)) }],
  },
  build: {
    outDir: 'build',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
