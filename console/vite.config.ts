import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the REST gateway at `/`; `npm run dev` proxies the API to a running system.
const API_ROUTES = ['/auth', '/jobs', '/schedules', '/handlers', '/health'];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    // Every asset name carries a content hash (Vite's default), so the gateway caches them for a year.
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(API_ROUTES.map((route) => [route, 'http://localhost:8080'])),
  },
});
