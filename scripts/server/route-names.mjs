// @ts-check
// Names requests for the log by their route's pattern (`/physio/patients/[id]`), never by the
// path itself: a path can carry a one-time token (`/set-password/…`) or whatever a client typed.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** For a path no route matches (a 404, or a static file). */
export const UNMATCHED = '(unmatched)';

/**
 * @param {{ staticRoutes: { page: string }[], dynamicRoutes: { page: string, regex: string }[] }} manifest
 *   Next.js's routes-manifest.json
 * @returns {(pathname: string) => string}
 */
export function routeNamer(manifest) {
  const statics = new Set(manifest.staticRoutes.map((route) => route.page));
  const dynamics = manifest.dynamicRoutes.map((route) => ({
    page: route.page,
    regex: new RegExp(route.regex),
  }));
  return (pathname) => {
    if (pathname.startsWith('/_next/static/')) return '/_next/static/*';
    if (pathname.startsWith('/_next/')) return '/_next/*';
    // The React Server Components payload of a page is fetched at `<page>.rsc` or, for segment
    // prefetches, below `<page>.segments/`; both belong to the page.
    let page = pathname.replace(/\.segments\/.*$/, '').replace(/\.rsc$/, '');
    if (page === '/index') page = '/';
    if (page.length > 1 && page.endsWith('/')) page = page.slice(0, -1);
    if (statics.has(page)) return page;
    return dynamics.find((route) => route.regex.test(page))?.page ?? UNMATCHED;
  };
}

/** The namer for the build in `distDir`; without a readable manifest every request is unmatched. */
export function loadRouteNamer(distDir) {
  try {
    const file = path.join(distDir, 'routes-manifest.json');
    return routeNamer(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return () => UNMATCHED;
  }
}
