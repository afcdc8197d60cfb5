import { describe, expect, it } from 'vitest';
import {
  applyCaseloadView,
  caseloadViewSchema,
  needsAttention,
  painTrend,
  type CaseloadRow,
} from '@/lib/caseload-view';

const row = (name: string, over: Partial<CaseloadRow> = {}): CaseloadRow => ({
  id: name,
  name,
  email: `${name}@x.test`,
  condition: '',
  dischargedOn: null,
  routineTitle: 'Programme',
  lastActivity: '2026-11-20',
  adherence14Pct: 80,
  meanPain7: 4,
  meanPainPrevious7: 4,
  flags: [],
  ...over,
});

const rows = [
  row('Ann', { adherence14Pct: 30, flags: ['low_adherence'], lastActivity: '2026-11-24' }),
  row('Bob', { meanPain7: 7, meanPainPrevious7: 4, flags: ['pain_rising', 'low_adherence'] }),
  row('Cat', { adherence14Pct: null, meanPain7: null, lastActivity: null, flags: ['improving'] }),
  row('Dan', { flags: ['inactive'], lastActivity: '2026-11-01' }),
];

const view = (params: Record<string, string>) => caseloadViewSchema.parse(params);

describe('caseload view', () => {
  it('puts the patients with most problems first by default', () => {
    expect(applyCaseloadView(rows, view({})).map((r) => r.name)).toEqual([
      'Bob',
      'Ann',
      'Dan',
      'Cat',
    ]);
  });

  it('sorts by a column either way, with missing values last', () => {
    expect(
      applyCaseloadView(rows, view({ sort: 'adherence', dir: 'asc' })).map((r) => r.name),
    ).toEqual(['Ann', 'Bob', 'Dan', 'Cat']);
    expect(
      applyCaseloadView(rows, view({ sort: 'activity', dir: 'desc' })).map((r) => r.name),
    ).toEqual(['Ann', 'Bob', 'Dan', 'Cat']);
    expect(applyCaseloadView(rows, view({ sort: 'name', dir: 'desc' })).map((r) => r.name)).toEqual(
      ['Dan', 'Cat', 'Bob', 'Ann'],
    );
  });

  it('searches by name and keeps only flagged patients on request', () => {
    expect(applyCaseloadView(rows, view({ q: 'AN' })).map((r) => r.name)).toEqual(['Ann', 'Dan']);
    // "Improving" is good news, not a reason for attention.
    expect(applyCaseloadView(rows, view({ flagged: '1' })).map((r) => r.name)).toEqual([
      'Bob',
      'Ann',
      'Dan',
    ]);
    expect(needsAttention(rows[2]!)).toBe(false);
  });

  it('falls back to the default view for values it does not know', () => {
    expect(view({ sort: 'drop table', dir: 'sideways', flagged: 'yes' })).toEqual({
      q: '',
      sort: 'flags',
      dir: undefined,
      flagged: false,
    });
  });

  it('describes the pain trend against the week before', () => {
    expect(painTrend({ meanPain7: 6, meanPainPrevious7: 4 })).toBe('rising');
    expect(painTrend({ meanPain7: 3.5, meanPainPrevious7: 4 })).toBe('falling');
    expect(painTrend({ meanPain7: 4.4, meanPainPrevious7: 4 })).toBe('steady');
    expect(painTrend({ meanPain7: null, meanPainPrevious7: 4 })).toBeNull();
  });
});
