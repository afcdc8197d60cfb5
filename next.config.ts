import type { NextConfig } from 'next';
import { withSerwist } from '@serwist/turbopack';
import {
  ROUTE_HANDLER_CONTENT_SECURITY_POLICY,
  SERVICE_WORKER_CONTENT_SECURITY_POLICY,
  securityHeaders,
} from './lib/security-headers';

const nextConfig: NextConfig = {
  // Lets parallel work on one checkout build side by side (e.g. NEXT_DIST_DIR=.next-e2e).
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // PGlite ships WebAssembly and argon2 a native addon; bundling either breaks them.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2'],
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders(process.env.NODE_ENV === 'production') },
      // Pages get their policy, with the request's nonce, from proxy.ts, which runs on every path
      // except these (and the build's static files, which are not documents).
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: ROUTE_HANDLER_CONTENT_SECURITY_POLICY }],
      },
      {
        // The patient's service worker: its own policy, and asked for afresh on every check, so
        // a new release reaches the phone.
        source: '/sw.js',
        headers: [
          { key: 'Content-Security-Policy', value: SERVICE_WORKER_CONTENT_SECURITY_POLICY },
          { key: 'Cache-Control', value: 'no-cache' },
        ],
      },
    ];
  },
};

// Serwist bundles the service worker with esbuild when the build prerenders /sw.js; this keeps
// esbuild out of the server bundle (app/sw.js/route.ts).
export default withSerwist(nextConfig);
