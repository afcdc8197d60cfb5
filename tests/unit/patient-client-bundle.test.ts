import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clientGraph,
  HEAVY_PACKAGES,
  reachedPackages,
  ROOT,
  routeFiles,
} from '../support/client-bundle';

/*
 * Issue 15: the patient's pages are opened on phones, often on a slow connection, so what they
 * send as first-load JavaScript is kept close to the framework's own. The walk
 * (tests/support/client-bundle) follows the imports of every file of app/patient the way the
 * bundler does; no large or server-side package may be reached that way.
 */

describe("the patient's pages' browser bundle", () => {
  const graph = clientGraph(routeFiles(path.join(ROOT, 'app/patient')));

  it('holds the client components the patient uses (the walk follows the real imports)', () => {
    expect(graph.clientFiles).toContain('components/today/day-log-form.tsx');
    expect(graph.clientFiles).toContain('components/offline/register-service-worker.tsx');
    expect(graph.packages.has('react')).toBe(true);
  });

  it('reaches none of the large or server-side packages', () => {
    expect(reachedPackages(graph, HEAVY_PACKAGES)).toEqual([]);
  });

  it('would notice zod if a client component imported a validation schema', () => {
    // The walk itself, on code known to use zod: a client entry importing lib/validation.
    const probe = clientGraph([path.join(ROOT, 'lib/validation/day-log.ts')], true);
    expect(probe.packages.has('zod')).toBe(true);
  });

  it("keeps the settings page's notifications control out of Today's first load", () => {
    // Issue 18, item 3: the control (and its words for every failure) loads with Settings only.
    const today = clientGraph(
      [
        'app/patient/layout.tsx',
        'app/patient/(today)/page.tsx',
        'app/patient/(today)/loading.tsx',
      ].map((file) => path.join(ROOT, file)),
    );
    expect(today.clientFiles).toContain('components/offline/register-service-worker.tsx');
    expect(
      [...today.clientFiles].filter((file) => file.startsWith('components/reminders/')),
    ).toEqual([]);
    expect(today.clientFiles).not.toContain('lib/offline/phone-notifications.ts');
  });

  it('does not count a lazily loaded chunk (next/dynamic) as first load', () => {
    const probe = clientGraph([path.join(ROOT, 'components/progress/progress-panel.tsx')], true);
    expect(probe.packages.has('recharts')).toBe(false);
    expect(probe.packages.has('next')).toBe(true);
  });
});
