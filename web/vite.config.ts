// The clinician web app (docs/web.md): built by `npm run build` (scripts/build-cli.mjs) into dist/web, which
// the local API server serves at / and the CDK app deploys to the site's bucket. Everything the page needs is
// bundled: no CDN, no web fonts, nothing fetched from another origin but the API.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Always the production build, even when started from a test run (vitest's global setup sets NODE_ENV=test,
  // which would otherwise give React's development build and JSX with source file names).
  mode: 'production',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  oxc: { jsx: { runtime: 'automatic', development: false } },
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // Cloudscape is one large library; the app is one page for signed-in staff, so one bundle is fine.
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Cloudscape marks its modules 'use client' for React Server Components; this app has none.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
