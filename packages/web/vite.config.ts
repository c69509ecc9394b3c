import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// orgbridge serves dist/ at `/` under `default-src 'self'`: one bundled script and stylesheet,
// nothing inline and nothing from elsewhere.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // An inlined asset would be a data: URL the page's CSP may refuse.
    assetsInlineLimit: 0,
  },
});
