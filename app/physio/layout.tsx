import { requireRole } from '@/app/(auth)/session';
import { AppShell } from '@/components/layout/app-shell';

export default async function PhysioLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireRole('physio');
  return (
    <AppShell
      actor={actor}
      nav={[
        { href: '/physio', label: 'Caseload' },
        { href: '/physio/exercises', label: 'Exercise library' },
      ]}
    >
      {children}
    </AppShell>
  );
}
