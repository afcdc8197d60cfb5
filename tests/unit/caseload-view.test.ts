import { describe, expect, it } from 'vitest';
import { caseloadHref, caseloadViewSchema, needsAttention, painTrend } from '@/lib/caseload-view';

// The caseload's order, search, filter and paging are done by the database: see
// tests/integration/caseload-paging.test.ts. This file covers the view's URL and the row helpers.

const view = (params: Record<string, string | string[]>) => caseloadViewSchema.parse(params);

describe('caseload view', () => {
  it('falls back to the default view for values it does not know', () => {
    expect(view({ sort: 'drop table', dir: 'sideways', flagged: 'yes', page: 'two' })).toEqual({
      q: '',
      sort: 'flags',
      dir: undefined,
      flagged: false,
      page: 1,
    });
  });

  it('reads the page as a whole number of at least 1', () => {
    expect(view({ page: '3' }).page).toBe(3);
    for (const page of ['0', '-2', '1.5', '', 'Infinity', '1e400']) {
      expect(view({ page }).page, page).toBe(1);
    }
    // Far past any caseload: kept within what the database's integer holds; the query then shows
    // the last page.
    expect(view({ page: '99999999999' }).page).toBe(1_000_000);
  });

  it('keeps search, filter and sort in every link, and page 1 without a page parameter', () => {
    const current = view({ q: 'ann lee', flagged: '1', sort: 'pain', dir: 'asc', page: '2' });
    expect(caseloadHref(current)).toBe('/physio?q=ann+lee&flagged=1&sort=pain&dir=asc&page=2');
    expect(caseloadHref({ ...current, page: 1 })).toBe(
      '/physio?q=ann+lee&flagged=1&sort=pain&dir=asc',
    );
    expect(caseloadHref(view({}))).toBe('/physio?sort=flags');
  });

  it('counts pain rising, low adherence and inactive as needing attention, not improving', () => {
    expect(needsAttention({ flags: ['improving'] })).toBe(false);
    expect(needsAttention({ flags: [] })).toBe(false);
    for (const flag of ['pain_rising', 'low_adherence', 'inactive'] as const) {
      expect(needsAttention({ flags: ['improving', flag] }), flag).toBe(true);
    }
  });

  it('describes the pain trend against the week before', () => {
    expect(painTrend({ meanPain7: 6, meanPainPrevious7: 4 })).toBe('rising');
    expect(painTrend({ meanPain7: 3.5, meanPainPrevious7: 4 })).toBe('falling');
    expect(painTrend({ meanPain7: 4.4, meanPainPrevious7: 4 })).toBe('steady');
    expect(painTrend({ meanPain7: null, meanPainPrevious7: 4 })).toBeNull();
  });
});
