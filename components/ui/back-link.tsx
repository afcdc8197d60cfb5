import Link from 'next/link';

/** The way back up, above a page's heading: "← Exercise library". */
export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <Link
      href={href}
      className="text-brand-strong mb-2 inline-block py-2 text-sm font-medium underline-offset-4 hover:underline"
    >
      ← {children}
    </Link>
  );
}
