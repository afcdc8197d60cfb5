import type { Metadata, Viewport } from 'next';
import { SerwistProvider } from '@serwist/turbopack/react';
import { requireRole } from '@/app/(auth)/session';
import { AppShell } from '@/components/layout/app-shell';
import { getOwnReadingPreferences } from '@/db/queries/reading-preferences';
import { ICONS, MANIFEST_URL, THEME_COLOUR } from '@/lib/offline/manifest';
import { SERVICE_WORKER_SCOPE, SERVICE_WORKER_URL } from '@/lib/offline/scope';
import { readingAttributes } from '@/lib/reading-preferences';

// Only the patient's pages make Adhere installable: the manifest, the home-screen icon and the
// service worker are theirs (staff pages have none of them).
export const metadata: Metadata = {
  manifest: MANIFEST_URL,
  icons: { apple: ICONS.apple },
  appleWebApp: { capable: true, title: 'Adhere', statusBarStyle: 'default' },
};

export const viewport: Viewport = { themeColor: THEME_COLOUR };

export default async function PatientLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireRole('patient');
  const preferences = await getOwnReadingPreferences(actor);
  return (
    <SerwistProvider
      swUrl={SERVICE_WORKER_URL}
      options={{ scope: SERVICE_WORKER_SCOPE, type: 'classic' }}
      // `next dev` serves no worker: a stale one would hide the code being edited.
      disable={process.env.NODE_ENV === 'development'}
      // Never reload a page the patient may be typing in when the connection comes back.
      reloadOnOnline={false}
      // Pages are kept as the patient opens them; fetching each one a second time is not needed.
      cacheOnNavigation={false}
    >
      {/* The patient's text size and contrast (app/globals.css reads these attributes). */}
      <div {...readingAttributes(preferences)} className="reading-frame">
        <AppShell
          actor={actor}
          nav={[
            { href: '/patient', label: 'Today' },
            { href: '/patient/progress', label: 'Progress' },
            { href: '/patient/settings', label: 'Settings' },
          ]}
        >
          {children}
        </AppShell>
      </div>
    </SerwistProvider>
  );
}
