// Vite builds the dashboard into dist/, which the query side serves at `/` (libs/platform's
// DashboardModule). JSX is compiled by esbuild for Preact: no framework plugin needed.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline script anywhere: the CSP is script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: (id) =>
          id.includes('node_modules/echarts') || id.includes('node_modules/zrender')
            ? 'charts'
            : id.includes('node_modules/cytoscape') || id.includes('node_modules/dagre') || id.includes('node_modules/@dagrejs')
              ? 'graph'
              : undefined,
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
