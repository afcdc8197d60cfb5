import { describe, expect, it } from 'vitest';
import {
  EMAIL_STILL_WORKS,
  applicationServerKey,
  describePhoneNotifications,
  isAppleMobile,
  isSameServerKey,
  refusedPermissionState,
  startingState,
  subscribeFailureState,
  type PhoneNotificationState,
} from '@/lib/offline/phone-notifications';

const EVERYTHING = {
  serviceWorker: true,
  pushManager: true,
  notification: true,
  appleMobile: false,
};
const KEY =
  'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';

describe('what the page sees first', () => {
  const start = (overrides: Partial<Parameters<typeof startingState>[0]> = {}) =>
    startingState({
      capabilities: EVERYTHING,
      serverKey: KEY,
      permission: 'default',
      subscribed: false,
      ...overrides,
    });

  it('is off until the phone is subscribed with permission, then on', () => {
    expect(start()).toBe('off');
    expect(start({ permission: 'granted' })).toBe('off');
    expect(start({ permission: 'granted', subscribed: true })).toBe('on');
    // A subscription left from before the permission was withdrawn gets nothing.
    expect(start({ permission: 'default', subscribed: true })).toBe('off');
  });

  it('is "unsupported" when any of the three APIs is missing (iOS Safari outside the home screen)', () => {
    for (const missing of ['serviceWorker', 'pushManager', 'notification'] as const) {
      expect(start({ capabilities: { ...EVERYTHING, [missing]: false } }), missing).toBe(
        'unsupported',
      );
    }
  });

  it('is "not set up" without a server key, and "denied" when the site is blocked', () => {
    expect(start({ serverKey: null })).toBe('not-set-up');
    expect(start({ serverKey: '' })).toBe('not-set-up');
    expect(start({ permission: 'denied', subscribed: true })).toBe('denied');
  });
});

describe('failures, told apart', () => {
  it('tells a refused permission from a closed prompt', () => {
    expect(refusedPermissionState('granted')).toBeNull();
    expect(refusedPermissionState('denied')).toBe('denied');
    expect(refusedPermissionState('default')).toBe('dismissed');
  });

  it('reads a failed subscribe as no push service, unless the browser said permission', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    // What Debian's Chromium answers, with permission granted: it has no push service.
    expect(subscribeFailureState(named('AbortError'))).toBe('subscribe-failed');
    expect(subscribeFailureState(named('InvalidStateError'))).toBe('subscribe-failed');
    expect(subscribeFailureState('offline')).toBe('subscribe-failed');
    expect(subscribeFailureState(named('NotAllowedError'))).toBe('denied');
    expect(subscribeFailureState({ name: 'NotAllowedError' })).toBe('denied');
  });
});

describe('what the patient reads', () => {
  const ALL: PhoneNotificationState[] = [
    'checking',
    'on',
    'off',
    'unsupported',
    'not-set-up',
    'denied',
    'dismissed',
    'subscribe-failed',
    'save-failed',
    'turn-off-failed',
  ];
  const view = (state: PhoneNotificationState, appleMobile = false, saveMessage?: string) =>
    describePhoneNotifications(state, { appleMobile, saveMessage });

  it('says on or off in words and offers the button that changes it', () => {
    expect(view('on')).toMatchObject({ on: true, action: 'turn-off', problem: false });
    expect(view('on').headline).toBe('This phone gets notifications.');
    expect(view('off')).toMatchObject({ on: false, action: 'turn-on', problem: false });
    expect(view('off').headline).toBe('This phone does not get notifications.');
  });

  it('marks every failure as a problem and says e-mail reminders still work', () => {
    for (const state of [
      'unsupported',
      'not-set-up',
      'denied',
      'dismissed',
      'subscribe-failed',
      'save-failed',
    ] as const) {
      expect(view(state).problem, state).toBe(true);
      expect(view(state).detail, state).toContain(EMAIL_STILL_WORKS);
    }
  });

  it('tells how to allow a blocked site, and an iPhone to add Adhere to the home screen', () => {
    expect(view('denied').detail).toMatch(/Notifications to Allow/);
    expect(view('unsupported', true).detail).toMatch(/^On an iPhone or iPad.*Add to Home Screen/);
    expect(view('unsupported', false).detail).toMatch(/Chrome.*Add to Home Screen/);
    expect(view('subscribe-failed').detail).toMatch(/push service/);
  });

  it("uses the server's words for a failed save, and a calm default", () => {
    expect(view('save-failed', false, 'Your session has ended.').detail).toMatch(
      /^Your session has ended\. /,
    );
    expect(view('save-failed').detail).toMatch(/^Check your connection/);
    expect(view('turn-off-failed')).toMatchObject({ on: true, action: 'turn-off', problem: true });
  });

  it('has a headline for every state', () => {
    for (const state of ALL) expect(view(state).headline, state).not.toBe('');
  });
});

describe('the VAPID key and the device', () => {
  it('decodes the base64url public key into the 65-byte uncompressed point', () => {
    const bytes = applicationServerKey(KEY);
    expect(bytes).toHaveLength(65);
    expect(bytes[0]).toBe(0x04);
    expect(Buffer.from(bytes).toString('base64url')).toBe(KEY);
  });

  it('tells whether a subscription was made with the current key', () => {
    const used = applicationServerKey(KEY).buffer;
    expect(isSameServerKey(used, KEY)).toBe(true);
    expect(isSameServerKey(used, `${KEY}=`)).toBe(true); // padded the base64 way
    const other = applicationServerKey(KEY);
    other[64] = other[64]! ^ 1;
    expect(isSameServerKey(other.buffer, KEY)).toBe(false);
    expect(isSameServerKey(new ArrayBuffer(0), KEY)).toBe(false);
    expect(isSameServerKey(null, KEY)).toBe(false);
  });

  it('recognises iPhones and iPads, iPadOS included (it says Macintosh)', () => {
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15';
    const ipados = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15';
    const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0';
    expect(isAppleMobile(iphone, 5)).toBe(true);
    expect(isAppleMobile(ipados, 5)).toBe(true);
    expect(isAppleMobile(ipados, 0)).toBe(false); // a Mac
    expect(isAppleMobile(android, 5)).toBe(false);
  });
});
