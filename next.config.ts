import type { NextConfig } from 'next';
import { ROUTE_HANDLER_CONTENT_SECURITY_POLICY, securityHeaders } from './lib/security-headers';

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
    ];
  },
};

export default nextConfig;
