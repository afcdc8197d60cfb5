import { describe, expect, it } from 'vitest';
import {
  FALLBACK_REMINDER,
  REMINDER_TAG,
  readReminderPayload,
  reminderNotificationOptions,
  reminderTarget,
  windowToReuse,
} from '@/lib/offline/reminder-notification';

const ORIGIN = 'https://adhere.test';

describe('where a tap on a reminder goes', () => {
  it("opens the patient's own pages it names, with their query and fragment", () => {
    expect(reminderTarget('/patient', ORIGIN)).toBe('/patient');
    expect(reminderTarget('/patient/progress', ORIGIN)).toBe('/patient/progress');
    expect(reminderTarget('/patient/settings?from=reminder#reminders', ORIGIN)).toBe(
      '/patient/settings?from=reminder#reminders',
    );
    expect(reminderTarget(`${ORIGIN}/patient/progress`, ORIGIN)).toBe('/patient/progress');
  });

  it('opens Today for anything that is not one of them', () => {
    for (const url of [
      'https://evil.test/patient',
      '//evil.test/patient',
      '/\\evil.test/patient',
      'http://adhere.test/patient', // another origin: the scheme differs
      'javascript:alert(1)',
      'data:text/html,<p>x</p>',
      '/physio',
      '/admin/accounts',
      '/api/patient/my-data/export.csv',
      '/login?callbackUrl=/patient',
      '/patients', // shares the prefix, not the path
      '/patientx/progress',
      '/patient/../admin',
      '/patient/%2e%2e/physio',
      '',
      'http://[::1', // not a URL at all
    ]) {
      expect(reminderTarget(url, ORIGIN), url).toBe('/patient');
    }
  });

  it('opens Today when the payload carried no address, or not a string', () => {
    for (const url of [undefined, null, 42, { href: '/patient/progress' }, ['/patient']]) {
      expect(reminderTarget(url, ORIGIN), JSON.stringify(url)).toBe('/patient');
    }
  });
});

describe('which open window a tap brings forward', () => {
  const window = (path: string, focused = false) => ({ url: `${ORIGIN}${path}`, focused });

  it("prefers the focused window on a patient's page, then the first one", () => {
    expect(windowToReuse([window('/patient/progress'), window('/patient', true)], ORIGIN)).toBe(1);
    expect(windowToReuse([window('/physio', true), window('/patient/settings')], ORIGIN)).toBe(1);
  });

  it('reads a WindowClient, whose url and focused are getters on its prototype', () => {
    class FakeWindowClient {
      constructor(
        private readonly path: string,
        private readonly hasFocus: boolean,
      ) {}
      get url() {
        return `${ORIGIN}${this.path}`;
      }
      get focused() {
        return this.hasFocus;
      }
    }
    const clients = [
      new FakeWindowClient('/physio', true),
      new FakeWindowClient('/patient', false),
    ];
    expect(windowToReuse(clients, ORIGIN)).toBe(1);
  });

  it('reuses none that shows a staff page, sign-in or another site', () => {
    const others = [
      window('/physio', true),
      window('/login'),
      { url: 'https://evil.test/patient', focused: false },
      { url: 'not a url', focused: false },
    ];
    expect(windowToReuse(others, ORIGIN)).toBe(-1);
    expect(windowToReuse([], ORIGIN)).toBe(-1);
  });
});

describe('the notification a pushed reminder shows', () => {
  it("shows the scheduler's title and body, tagged so a new reminder replaces the last", () => {
    const payload = readReminderPayload(
      JSON.stringify({
        title: 'Time for your exercises',
        body: 'Today: 3 exercises',
        url: '/patient',
      }),
    );
    expect(payload).toEqual({
      title: 'Time for your exercises',
      body: 'Today: 3 exercises',
      url: '/patient',
    });
    expect(reminderNotificationOptions(payload)).toEqual({
      body: 'Today: 3 exercises',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      tag: REMINDER_TAG,
      data: { url: '/patient' },
    });
  });

  it('still shows the usual reminder when the payload is missing, not JSON or not the shape', () => {
    for (const data of [undefined, null, '', 'not json', '[]', '42', '{"title":7,"body":" "}']) {
      expect(readReminderPayload(data), String(data)).toEqual(FALLBACK_REMINDER);
    }
  });

  it('keeps a long title and body to a notification’s size', () => {
    const payload = readReminderPayload(
      JSON.stringify({ title: 'x'.repeat(500), body: 'y'.repeat(500) }),
    );
    expect(payload.title).toHaveLength(80);
    expect(payload.body).toHaveLength(240);
  });
});
