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
 * Issue 15: first-load JavaScript of every page within 1.05× of the framework's empty page. The
 * pages that once missed it each had one large package in their first load: the clinic figures
 * drew Recharts on the server and shipped it with the page, and the routine builder took its
 * fields' limits from the zod schema module; every signed-in page also carried next-auth/react
 * (about 10 kB gz) for its sign-out button, which left /patient 0.5 kB under the target. Their walks name the files that must be there, so a
 * walk that silently stopped following imports would fail too.
 */

const walk = (route: string) => clientGraph(routeFiles(path.join(ROOT, route)));

describe('first-load JavaScript of the pages', () => {
  it('the clinic figures load their chart after the page (Recharts is not first load)', () => {
    const graph = walk('app/admin/figures');
    expect(graph.clientFiles).toContain('components/progress/lazy-progress-chart.tsx');
    expect(graph.clientFiles).not.toContain('components/progress/progress-chart.tsx');
    expect(reachedPackages(graph, ['recharts'])).toEqual([]);
  });

  it('the routine builder takes no validation library to the browser', () => {
    const graph = walk('app/physio/patients/[id]/routine');
    expect(graph.clientFiles).toContain('components/routines/routine-builder.tsx');
    expect(graph.clientFiles).toContain('components/routines/routine-item-editor.tsx');
    expect(graph.clientFiles).toContain('lib/routine-limits.ts');
    expect(reachedPackages(graph, HEAVY_PACKAGES)).toEqual([]);
  });

  it('no page, layout or error page of the app reaches a large or server-side package', () => {
    const graph = clientGraph(routeFiles(path.join(ROOT, 'app')));
    expect(graph.clientFiles).toContain('components/progress/progress-panel.tsx');
    expect(graph.clientFiles).toContain('components/outcomes/score-chart.tsx');
    expect(reachedPackages(graph, HEAVY_PACKAGES)).toEqual([]);
  }, 30_000);

  it("the signed-in pages sign out without next-auth's client library", () => {
    const graph = clientGraph(
      ['app/patient', 'app/physio', 'app/admin'].flatMap((route) =>
        routeFiles(path.join(ROOT, route)),
      ),
    );
    expect(graph.clientFiles).toContain('components/auth/sign-out-button.tsx');
    expect(reachedPackages(graph, ['next-auth'])).toEqual([]);
  });

  it('would notice Recharts if a page imported the chart itself', () => {
    const probe = clientGraph([path.join(ROOT, 'components/progress/progress-chart.tsx')], true);
    expect(reachedPackages(probe, ['recharts'])).toHaveLength(1);
  });
});
