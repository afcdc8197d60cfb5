'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** A navigation link that marks itself as the current page (the role's home matches exactly). */
export function NavLink({ href, label, exact }: { href: string; label: string; exact: boolean }) {
  const pathname = usePathname();
  const current = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className="text-ink hover:bg-brand-soft aria-[current=page]:bg-brand-soft aria-[current=page]:text-brand-strong inline-flex min-h-11 items-center rounded px-3 py-2 text-sm font-medium"
    >
      {label}
    </Link>
  );
}
