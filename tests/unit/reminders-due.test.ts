import { describe, expect, it } from 'vitest';
import { localClock, parseQuietHours, withinQuietHours, minutesOf } from '@/lib/reminders/clock';
import { dueReminders, type ClinicReminderRules, type PatientDay } from '@/lib/reminders/due';
import type { ReminderPreferences } from '@/lib/reminders/kinds';
import { checkPushEndpoint, isPrivateHost } from '@/lib/reminders/push-endpoint';
import { EVERY_DAY, maskFromWeekdays } from '@/lib/weekdays';

const LONDON = 'Europe/London';
const rules: ClinicReminderRules = {
  eveningMinutes: minutesOf('20:30'),
  quietHours: parseQuietHours('21:30-07:30'),
  graceMinutes: 60,
};
const on: ReminderPreferences = {
  enabled: true,
  dailyTime: '18:00',
  daysMask: null,
  push: true,
  email: false,
  eveningNudge: true,
};
const day = (overrides: Partial<PatientDay> = {}): PatientDay => ({
  preferences: on,
  programmeDaysMask: EVERY_DAY,
  discharged: false,
  loggedThatDay: false,
  alreadyRecorded: [],
  ...overrides,
});
const at = (iso: string, zone = LONDON) => localClock(new Date(iso), zone);

describe('the clinic-local clock', () => {
  it('reads the date, weekday and minute in the clinic zone, not UTC', () => {
    // 23:30 UTC on Thursday 3 Dec is 10:30 on Friday 4 Dec in Sydney (UTC+11).
    expect(localClock(new Date('2026-12-03T23:30:00Z'), 'Australia/Sydney')).toEqual({
      date: '2026-12-04',
      weekday: 5,
      minutes: 10 * 60 + 30,
    });
    // British Summer Time: 17:00 UTC is 18:00 in London in July.
    expect(at('2026-07-01T17:00:00Z')).toMatchObject({ date: '2026-07-01', minutes: 18 * 60 });
  });

  it('quiet hours may run past midnight; the end is not quiet', () => {
    const quiet = parseQuietHours('21:30-07:30');
    expect(withinQuietHours(minutesOf('21:30'), quiet)).toBe(true);
    expect(withinQuietHours(minutesOf('03:00'), quiet)).toBe(true);
    expect(withinQuietHours(minutesOf('07:30'), quiet)).toBe(false);
    expect(withinQuietHours(minutesOf('21:29'), quiet)).toBe(false);
    expect(withinQuietHours(minutesOf('13:00'), parseQuietHours('12:00-14:00'))).toBe(true);
    expect(withinQuietHours(minutesOf('03:00'), parseQuietHours('none'))).toBe(false);
    expect(() => parseQuietHours('21:30')).toThrow();
  });
});

describe('which reminder is due', () => {
  it('the daily reminder at its clinic-local time, and within the grace hour after it only', () => {
    // Thursday 3 Dec 2026, London = UTC in winter.
    expect(dueReminders(at('2026-12-03T17:59:00Z'), rules, day())).toEqual([]);
    expect(dueReminders(at('2026-12-03T18:00:00Z'), rules, day())).toEqual(['daily']);
    expect(dueReminders(at('2026-12-03T18:59:00Z'), rules, day())).toEqual(['daily']);
    expect(dueReminders(at('2026-12-03T19:00:00Z'), rules, day())).toEqual([]);
    // In summer the same 18:00 is 17:00 UTC.
    expect(dueReminders(at('2026-07-02T17:00:00Z'), rules, day())).toEqual(['daily']);
    expect(dueReminders(at('2026-07-02T18:00:00Z'), rules, day())).toEqual([]);
  });

  it('once: a kind already recorded that day is not due again', () => {
    expect(
      dueReminders(at('2026-12-03T18:01:00Z'), rules, day({ alreadyRecorded: ['daily'] })),
    ).toEqual([]);
  });

  it('the evening nudge at the clinic time, only when nothing was logged', () => {
    const evening = at('2026-12-03T20:30:00Z');
    expect(dueReminders(evening, rules, day({ alreadyRecorded: ['daily'] }))).toEqual(['evening']);
    expect(
      dueReminders(evening, rules, day({ alreadyRecorded: ['daily'], loggedThatDay: true })),
    ).toEqual([]);
    expect(
      dueReminders(evening, rules, day({ preferences: { ...on, eveningNudge: false } })),
    ).toEqual([]);
    // A daily time at or after the evening time has no nudge after it.
    expect(
      dueReminders(evening, rules, day({ preferences: { ...on, dailyTime: '20:30' } })),
    ).toEqual(['daily']);
    expect(
      dueReminders(
        at('2026-12-03T20:45:00Z'),
        rules,
        day({ preferences: { ...on, dailyTime: '20:30' }, alreadyRecorded: ['daily'] }),
      ),
    ).toEqual([]);
  });

  it('never more than two a day: a late tick that finds both due sends only the nudge', () => {
    const late = { ...on, dailyTime: '20:00' };
    expect(dueReminders(at('2026-12-03T20:40:00Z'), rules, day({ preferences: late }))).toEqual([
      'evening',
    ]);
    // After the nudge, the daily one is not sent late.
    expect(
      dueReminders(
        at('2026-12-03T20:41:00Z'),
        rules,
        day({ preferences: late, alreadyRecorded: ['evening'] }),
      ),
    ).toEqual([]);
    // Over a whole day, minute by minute, with what is sent recorded: at most the two kinds.
    const sent: string[] = [];
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      const instant = new Date(Date.UTC(2026, 11, 3, 0, minute));
      sent.push(
        ...dueReminders(
          localClock(instant, LONDON),
          rules,
          day({ alreadyRecorded: sent as never }),
        ),
      );
    }
    expect(sent).toEqual(['daily', 'evening']);
  });

  it('none when off, without a channel, after discharge, or on a day with no exercises or not chosen', () => {
    const six = at('2026-12-03T18:00:00Z'); // a Thursday
    expect(dueReminders(six, rules, day({ preferences: null }))).toEqual([]);
    expect(dueReminders(six, rules, day({ preferences: { ...on, enabled: false } }))).toEqual([]);
    expect(
      dueReminders(six, rules, day({ preferences: { ...on, push: false, email: false } })),
    ).toEqual([]);
    expect(dueReminders(six, rules, day({ discharged: true }))).toEqual([]);
    expect(dueReminders(six, rules, day({ programmeDaysMask: 0 }))).toEqual([]);
    // The programme has exercises on Monday and Wednesday only.
    expect(dueReminders(six, rules, day({ programmeDaysMask: maskFromWeekdays([1, 3]) }))).toEqual(
      [],
    );
    // The patient chose Monday only, though the programme runs every day.
    expect(
      dueReminders(six, rules, day({ preferences: { ...on, daysMask: maskFromWeekdays([1]) } })),
    ).toEqual([]);
    expect(
      dueReminders(six, rules, day({ preferences: { ...on, daysMask: maskFromWeekdays([4]) } })),
    ).toEqual(['daily']);
  });

  it('nothing inside quiet hours, even within the grace hour', () => {
    const nine = { ...on, dailyTime: '21:00', eveningNudge: false };
    expect(dueReminders(at('2026-12-03T21:10:00Z'), rules, day({ preferences: nine }))).toEqual([
      'daily',
    ]);
    expect(dueReminders(at('2026-12-03T21:35:00Z'), rules, day({ preferences: nine }))).toEqual([]);
  });
});

describe('daylight-saving days in the clinic zone', () => {
  const open = { ...rules, quietHours: null };

  it('spring forward (London 29 Mar 2026, 01:00 → 02:00): a time the clock skips goes at 02:00', () => {
    const half = { ...on, dailyTime: '01:30', eveningNudge: false };
    // 00:59 GMT, then the next minute is 02:00 BST (01:00 UTC).
    expect(dueReminders(at('2026-03-29T00:59:00Z'), open, day({ preferences: half }))).toEqual([]);
    expect(dueReminders(at('2026-03-29T01:00:00Z'), open, day({ preferences: half }))).toEqual([
      'daily',
    ]);
    // And 18:00 that day is 17:00 UTC.
    expect(dueReminders(at('2026-03-29T17:00:00Z'), rules, day())).toEqual(['daily']);
  });

  it('fall back (London 25 Oct 2026, 02:00 → 01:00): a time the clock passes twice is due once', () => {
    const half = { ...on, dailyTime: '01:30', eveningNudge: false };
    const first = at('2026-10-25T00:30:00Z'); // 01:30 BST
    const second = at('2026-10-25T01:30:00Z'); // 01:30 GMT
    expect(first.minutes).toBe(second.minutes);
    expect(dueReminders(first, open, day({ preferences: half }))).toEqual(['daily']);
    expect(
      dueReminders(second, open, day({ preferences: half, alreadyRecorded: ['daily'] })),
    ).toEqual([]);
    // 18:00 that day is 18:00 UTC.
    expect(dueReminders(at('2026-10-25T18:00:00Z'), rules, day())).toEqual(['daily']);
  });

  it('New York spring forward (8 Mar 2026): 18:00 EDT is 22:00 UTC', () => {
    expect(dueReminders(at('2026-03-08T22:00:00Z', 'America/New_York'), rules, day())).toEqual([
      'daily',
    ]);
    expect(dueReminders(at('2026-03-08T23:00:00Z', 'America/New_York'), rules, day())).toEqual([]);
  });
});

describe('push endpoints the server may post to', () => {
  it('public https push services', () => {
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc',
      'https://updates.push.services.mozilla.com/wpush/v2/abc',
      'https://web.push.apple.com/QabC',
    ]) {
      expect(checkPushEndpoint(endpoint).ok, endpoint).toBe(true);
    }
  });

  it('not http, credentials, loopback, private, link-local or single-label hosts', () => {
    for (const endpoint of [
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://user:pw@fcm.googleapis.com/x',
      'https://localhost/x',
      'https://127.0.0.1/x',
      'https://10.0.0.5/x',
      'https://172.16.3.4/x',
      'https://192.168.1.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/x',
      'https://[fd00::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://intranet/x',
      'https://db.internal/x',
      'https://0.0.0.0/x',
      'not a url',
    ]) {
      expect(checkPushEndpoint(endpoint).ok, endpoint).toBe(false);
    }
    expect(isPrivateHost('8.8.8.8')).toBe(false);
  });

  it('a listed origin (tests and development) is allowed, and only that origin', () => {
    const allowed = ['http://127.0.0.1:4100'];
    expect(checkPushEndpoint('http://127.0.0.1:4100/push/1', allowed).ok).toBe(true);
    expect(checkPushEndpoint('http://127.0.0.1:4101/push/1', allowed).ok).toBe(false);
  });
});
