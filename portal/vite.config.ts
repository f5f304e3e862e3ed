import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The self-care portal: built into dist/portal, served by src/channels/http/portal-static.ts. */
export default defineConfig({
  root: 'portal',
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${here}../dist/portal`,
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
