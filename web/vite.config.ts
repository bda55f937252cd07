import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Chunks: the React runtime and the antd core change rarely and are cached apart from the app code.
 * Only the antd modules the home page needs at start ("$initial") go into `antd`; the heavy data
 * components used only by the lazy search and guide pages (table, steps, anchor, select, pagination,
 * descriptions …) go into `antd-pages`, split by the pages that use them, so the home page never
 * downloads them.
 */
const ANTD = /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@babel[\\/]runtime|classnames|clsx|stylis|@emotion)[\\/]/;

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    // the API, the OpenID Provider and the consent page's API live on the node; the pages stay here
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/oidc': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '^/sso/[^/]+/(details|confirm|abort)$': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // @onewindow/domain is pure (no I/O, by the architecture rule): modules whose exports the web
      // does not use at run time (the zod contracts of item.ts, validators) are dropped entirely.
      treeshake: {
        moduleSideEffects: (id: string) => (/[\\/]domain[\\/]src[\\/]/.test(id) ? false : undefined),
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/, priority: 40 },
            { name: 'antd', test: ANTD, tags: ['$initial'], priority: 30 },
            { name: 'antd-pages', test: ANTD, entriesAware: true, priority: 20 },
            // split by the pages that use them: zod and the WebAuthn client never load with the home page
            { name: 'vendor', test: /node_modules[\\/]/, entriesAware: true, priority: 10 },
          ],
        },
      },
    },
  },
});
