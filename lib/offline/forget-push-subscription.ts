/** The part of the browser's service-worker container this needs (a fake in tests). */
export interface RegistrationSource {
  getRegistrations(): Promise<readonly { pushManager?: Pick<PushManager, 'getSubscription'> }[]>;
}

/**
 * Ends this phone's reminder notifications when the patient signs out: a shared or handed-on
 * phone must not go on being reminded for them. Unsubscribing in the browser is enough: the push
 * service then answers the server's next push with 410 and the server forgets the phone
 * (db/push-delivery.ts); the sign-in page has no session to ask the server with. Returns how many
 * subscriptions ended.
 */
export async function forgetPushSubscriptions(
  container: RegistrationSource | undefined = typeof navigator === 'undefined'
    ? undefined
    : navigator.serviceWorker,
): Promise<number> {
  if (!container) return 0;
  let ended = 0;
  for (const registration of await container.getRegistrations()) {
    const subscription = await registration.pushManager?.getSubscription().catch(() => null);
    if (subscription && (await subscription.unsubscribe().catch(() => false))) ended += 1;
  }
  return ended;
}
