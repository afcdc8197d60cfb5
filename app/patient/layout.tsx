import type { Metadata, Viewport } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { AppShell } from '@/components/layout/app-shell';
import { RegisterServiceWorker } from '@/components/offline/register-service-worker';
import { getOwnReadingPreferences } from '@/db/queries/reading-preferences';
import { ICONS, MANIFEST_URL, THEME_COLOUR } from '@/lib/offline/manifest';
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
    <>
      <RegisterServiceWorker />
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
    </>
  );
}
