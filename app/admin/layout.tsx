import { requireRole } from '@/app/(auth)/session';
import { AppShell } from '@/components/layout/app-shell';

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireRole('admin');
  return (
    <AppShell
      actor={actor}
      nav={[
        { href: '/admin', label: 'Accounts' },
        { href: '/admin/figures', label: 'Clinic figures' },
        { href: '/admin/reports', label: 'Reports' },
        { href: '/admin/tokens', label: 'API tokens' },
        { href: '/admin/questionnaires', label: 'Questionnaires' },
        { href: '/admin/audit', label: 'Audit log' },
      ]}
    >
      {children}
    </AppShell>
  );
}
