import Link from 'next/link';
import { pageWindow } from '@/lib/audit-filters';

const item = 'inline-flex min-h-11 min-w-11 items-center justify-center rounded border px-3';

/** Page links: previous, the pages around the current one (and the first and last), next. */
export function Pagination({
  page,
  pageCount,
  href,
  label,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  label: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="mt-4">
      <ul className="flex flex-wrap items-center gap-1 text-sm">
        {page > 1 ? (
          <li>
            <Link href={href(page - 1)} className={`${item} border-line bg-surface`}>
              Previous<span className="sr-only"> page</span>
            </Link>
          </li>
        ) : null}
        {pageWindow(page, pageCount).map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} aria-hidden="true" className="px-1">
              …
            </li>
          ) : (
            <li key={n}>
              <Link
                href={href(n)}
                aria-current={n === page ? 'page' : undefined}
                className={`${item} ${
                  n === page
                    ? 'border-brand bg-brand font-semibold text-white'
                    : 'border-line bg-surface'
                }`}
              >
                <span className="sr-only">Page </span>
                {n}
              </Link>
            </li>
          ),
        )}
        {page < pageCount ? (
          <li>
            <Link href={href(page + 1)} className={`${item} border-line bg-surface`}>
              Next<span className="sr-only"> page</span>
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
