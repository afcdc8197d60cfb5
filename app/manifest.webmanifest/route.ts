import { WEB_APP_MANIFEST } from '@/lib/offline/manifest';

// The web app manifest that lets a patient add Adhere to their phone's home screen. A route of
// its own rather than Next.js's app/manifest.ts, which Next.js would link from every page: this
// one is linked from the patient's pages only (app/patient/layout.tsx). Public, like the icons it
// names: a browser fetches a manifest without cookies.
export const dynamic = 'force-static';

export function GET(): Response {
  return new Response(JSON.stringify(WEB_APP_MANIFEST), {
    headers: { 'Content-Type': 'application/manifest+json; charset=utf-8' },
  });
}
