// Builds the Threat Visualizer into dist/web, which the API serves (SPA fallback, strict CSP:
// script-src 'self', so no inline script and no eval: Vite's output is external module files).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // the 3D view (three.js) is its own chunk, loaded only when opened
    chunkSizeWarningLimit: 1500,
    // the CSP has no 'unsafe-inline' for scripts: keep the module preload helper in a file
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8780', ws: true } },
  },
});
