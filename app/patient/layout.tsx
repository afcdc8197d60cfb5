import { requireRole } from '@/app/(auth)/session';
import { AppShell } from '@/components/layout/app-shell';

export default async function PatientLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireRole('patient');
  return (
    <AppShell
      actor={actor}
      nav={[
        { href: '/patient', label: 'Today' },
        { href: '/patient/progress', label: 'Progress' },
      ]}
    >
      {children}
    </AppShell>
  );
}
