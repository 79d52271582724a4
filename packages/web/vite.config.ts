import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app's build. `npm run build` writes dist/, which the server serves at `/` (the server's
 * web/ folder); `npm run dev` serves the app with hot reload and passes `/api` to a server
 * started with `npm start` (MICROCORE_API_URL overrides where it runs).
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Source maps stay beside the bundle for the browser's tools; they are not loaded otherwise.
    sourcemap: true,
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': {
        target: process.env.MICROCORE_API_URL ?? 'http://127.0.0.1:8080',
        changeOrigin: true,
        // The live delivery view's WebSocket too; the server refuses a handshake whose Origin is
        // not the host it reaches (changeOrigin makes that the target's), so name the target.
        ws: true,
        rewriteWsOrigin: true,
      },
    },
  },
});
