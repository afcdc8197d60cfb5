import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ProgrammeNotice } from '@/components/today/programme-notice';
import type { DayLog } from '@/db/queries/day-log';
import { programmeEndedBefore } from '@/lib/day-log';

const log = (over: Partial<DayLog>): DayLog => ({
  date: '2026-11-10',
  physioName: 'Sam Physio',
  dischargedOn: null,
  routine: null,
  items: [],
  pain: null,
  ...over,
});
const notice = (over: Partial<DayLog>) =>
  renderToStaticMarkup(createElement(ProgrammeNotice, { log: log(over) }));

describe('Today after a discharge', () => {
  it('the days up to the discharge date stay loggable; the days after it do not', () => {
    expect(programmeEndedBefore('2026-11-09', '2026-11-09')).toBe(false);
    expect(programmeEndedBefore('2026-11-08', '2026-11-09')).toBe(false);
    expect(programmeEndedBefore('2026-11-10', '2026-11-09')).toBe(true);
    expect(programmeEndedBefore('2026-11-10', null)).toBe(false);
  });

  it('does not invite a pain score the save would refuse', () => {
    const html = notice({ dischargedOn: '2026-11-09' });
    expect(html).toContain('Your programme ended on');
    expect(html).toContain('nothing to log for this day');
    expect(html).not.toContain('record your back pain');
  });

  it('on the discharge day, and without a programme, the pain score is still offered', () => {
    expect(notice({ date: '2026-11-09', dischargedOn: '2026-11-09' })).toContain(
      'You can still record your back pain below.',
    );
    expect(notice({})).toContain('You have no exercise programme for this day.');
    expect(notice({ routine: { id: 'r', title: 'Core', startDate: '2026-11-01' } })).toContain(
      'Enjoy the rest day',
    );
  });
});
