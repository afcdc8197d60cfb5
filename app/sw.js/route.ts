import { createSerwistRoute } from '@serwist/turbopack';
import { SERVICE_WORKER_URL } from '@/lib/offline/scope';

// The patient's service worker (lib/offline/service-worker.ts), bundled by Serwist with the
// esbuild in node_modules when `next build` prerenders this route: nothing is downloaded, at
// build time or after. It precaches only the app's icons; next.config.ts gives it its headers.
export const dynamic = 'force-static';

let serwist: ReturnType<typeof createSerwistRoute> | undefined;

export async function GET(request: Request): Promise<Response> {
  // Made on first use, not on import: it reads the Next.js config and the build's files.
  serwist ??= createSerwistRoute({
    swSrc: 'lib/offline/service-worker.ts',
    useNativeEsbuild: true,
    globPatterns: ['public/icons/*.png'],
    // A classic script (registered as one), so every browser that has service workers runs it.
    esbuildOptions: { sourcemap: false, format: 'iife' },
  });
  return serwist.GET(request, {
    params: Promise.resolve({ path: SERVICE_WORKER_URL.slice(1) }),
  });
}
