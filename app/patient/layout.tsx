import type { Metadata, Viewport } from 'next';
import { requireRole } from '@/app/(auth)/session';
import { AppShell } from '@/components/layout/app-shell';
import { RegisterServiceWorker } from '@/components/offline/register-service-worker';
import { ICONS, MANIFEST_URL, THEME_COLOUR } from '@/lib/offline/manifest';

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
  return (
    <>
      <RegisterServiceWorker />
      <AppShell
        actor={actor}
        nav={[
          { href: '/patient', label: 'Today' },
          { href: '/patient/progress', label: 'Progress' },
        ]}
      >
        {children}
      </AppShell>
    </>
  );
}
