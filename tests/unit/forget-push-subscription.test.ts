import { describe, expect, it, vi } from 'vitest';
import { forgetPushSubscriptions } from '@/lib/offline/forget-push-subscription';

function phone(subscribed: boolean, unsubscribes = true) {
  const unsubscribe = vi.fn(async () => unsubscribes);
  const subscription = subscribed ? ({ unsubscribe } as unknown as PushSubscription) : null;
  return {
    unsubscribe,
    registration: { pushManager: { getSubscription: async () => subscription } },
  };
}

describe('signing out ends the phone’s reminder notifications', () => {
  it('unsubscribes every push subscription of the site’s workers', async () => {
    const patient = phone(true);
    const other = phone(false);
    const ended = await forgetPushSubscriptions({
      getRegistrations: async () => [patient.registration, other.registration],
    });
    expect(ended).toBe(1);
    expect(patient.unsubscribe).toHaveBeenCalledOnce();
  });

  it('does nothing, and does not throw, without service workers or push', async () => {
    expect(await forgetPushSubscriptions(undefined)).toBe(0);
    expect(await forgetPushSubscriptions({ getRegistrations: async () => [{}] })).toBe(0);
  });

  it('counts a refused unsubscribe as not ended', async () => {
    const stuck = phone(true, false);
    expect(
      await forgetPushSubscriptions({ getRegistrations: async () => [stuck.registration] }),
    ).toBe(0);
    expect(stuck.unsubscribe).toHaveBeenCalledOnce();
  });
});
