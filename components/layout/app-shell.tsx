import Link from 'next/link';
import type { Actor } from '@/db/queries/actor';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { NavLink } from './nav-link';

export interface NavLink {
  href: string;
  label: string;
}

const ROLE_LABEL = { admin: 'Admin', physio: 'Physiotherapist', patient: 'Patient' } as const;

/** The frame of every signed-in page: who is signed in, the role's navigation, sign-out. */
export function AppShell({
  actor,
  nav,
  children,
}: {
  actor: Actor;
  nav: NavLink[];
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="focus:bg-surface sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-line bg-surface border-b">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href={nav[0]?.href ?? '/'} className="text-brand-strong text-lg font-semibold">
            Adhere
          </Link>
          <nav aria-label="Main" className="flex flex-1 flex-wrap gap-1">
            {nav.map((link, index) => (
              <NavLink key={link.href} href={link.href} label={link.label} exact={index === 0} />
            ))}
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-muted">
              <span className="text-ink font-medium">{actor.name}</span>
              <span className="hidden sm:inline"> · {ROLE_LABEL[actor.role]}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
