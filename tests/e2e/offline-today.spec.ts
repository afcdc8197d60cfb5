import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addPatientWithRoutine, changeRoutine, PHONE, TodayPage } from './pages/new-patient';

// Issue 18, item 2: Today works with no connection. The page comes from the service worker's
// cache, a save is kept on the phone (IndexedDB) with its idempotency key, and it is sent, in
// order, when the connection returns; sending the same queue again doubles nothing.
const PRESS_UP = 'Prone press-up (lumbar extension)';
const BRIDGE = 'Bridge with single-leg extension';
const CAT_CAMEL = 'Cat–camel';
const KEPT = 'Saved on this phone — it will be sent when you are back online.';
const SENT = 'Sent: what you saved on this phone has reached your clinic.';

interface KeptSave {
  key: string;
  owner: string;
  date: string;
  seq: number;
}

/** What the phone keeps to send (lib/offline/day-log-queue.ts), read from IndexedDB. */
function keptSaves(page: Page): Promise<KeptSave[]> {
  return page.evaluate(
    () =>
      new Promise<KeptSave[]>((resolve, reject) => {
        const open = indexedDB.open('adhere-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('day-log-saves')) return resolve([]);
          const all = db.transaction('day-log-saves').objectStore('day-log-saves').getAll();
          all.onsuccess = () => resolve(all.result as KeptSave[]);
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/** Puts saves back on the phone as they were: another tab's copy, or a flush whose answer was lost. */
function keepAgain(page: Page, saves: KeptSave[]): Promise<void> {
  return page.evaluate(
    (records) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('adhere-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('day-log-saves', 'readwrite');
          for (const record of records) tx.objectStore('day-log-saves').put(record);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    saves,
  );
}

/** Opens Today under the service worker and waits until the worker has kept it. */
async function todayKeptForOffline(page: Page) {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active!;
    if (worker.state !== 'activated') {
      await new Promise((done) => worker.addEventListener('statechange', done, { once: true }));
    }
  });
  // Opened again, the page and the build's scripts go through the worker, which keeps them.
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const cache = await caches.open('adhere-patient-pages');
        return (await cache.keys()).map((r) => new URL(r.url).pathname);
      }),
    )
    .toContain('/patient');
  await page.waitForLoadState('networkidle');
}

/** The day as the server has it, by a save that changes nothing (a fresh key). */
async function dayOnServer(page: Page, date: string) {
  const answer = await page.request.post('/api/patient/day-log', {
    data: { idempotencyKey: randomUUID(), date, exercises: {} },
  });
  expect(answer.status()).toBe(200);
  return (await answer.json()).saved as { sessionsDone: number; painScore: number | null };
}

test.use(PHONE);

test('Today opens offline; a save is kept on the phone, sent on reconnecting, and never doubled', async ({
  browser,
}) => {
  const { patient, page } = await addPatientWithRoutine(browser, {
    title: 'Offline week',
    exercises: [
      { search: 'prone press', name: PRESS_UP },
      { search: 'bridge with', name: BRIDGE },
    ],
    patientContext: PHONE,
  });
  await todayKeptForOffline(page);
  const today = new TodayPage(page);
  const date = await page.evaluate(() => new Date().toISOString().slice(0, 10));

  // No connection: Today still opens, with the programme as last seen, and it can be used.
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await expect(today.exercise(PRESS_UP)).toBeVisible();
  await expect(today.exercise(BRIDGE)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeEnabled();

  await today.markDone(PRESS_UP);
  await today.pain(7);
  await today.note.fill('Done on the train, no signal');
  await today.save();
  await expect(page.getByText(KEPT)).toBeVisible();
  await expect(page.getByText('1 save is waiting on this phone.')).toBeVisible();
  // The screen shows what was kept, as if saved.
  await expect(today.doneButton(PRESS_UP)).toBeVisible();
  await expect(today.painChoice(7)).toBeChecked();

  // A second save offline waits behind the first.
  await today.markDone(BRIDGE);
  await today.save();
  await expect(page.getByText('2 saves are waiting on this phone.')).toBeVisible();
  const kept = await keptSaves(page);
  expect(kept.map((s) => s.date)).toEqual([date, date]);
  expect(kept[0]!.seq).toBeLessThan(kept[1]!.seq);

  // Back online: both are sent, in order, and the page says so.
  await page.context().setOffline(false);
  await expect(page.getByText(SENT)).toBeVisible();
  await expect(page.getByText('Saved: 1 exercise session done, pain 7 out of 10.')).toBeVisible();
  await expect(page.getByText('Saved: 2 exercise sessions done, pain 7 out of 10.')).toBeVisible();
  await expect.poll(() => keptSaves(page)).toEqual([]);
  expect(await dayOnServer(page, date)).toMatchObject({ sessionsDone: 2, painScore: 7 });

  // The physio sees the day.
  await patient.physio.goto(patient.recordPath);
  await expect(patient.physio.getByText('Done on the train, no signal').first()).toBeVisible();

  // The same queue sent a second time (another tab's copy, an answer lost on the way): the server
  // answers each key with its first result and stores nothing twice.
  await keepAgain(page, kept);
  await page.reload();
  await expect(page.getByText(SENT)).toBeVisible();
  await expect.poll(() => keptSaves(page)).toEqual([]);
  expect(await dayOnServer(page, date)).toMatchObject({ sessionsDone: 2, painScore: 7 });
  await expect(today.doneButton(PRESS_UP)).toBeVisible();
  await expect(today.doneButton(BRIDGE)).toBeVisible();
});

test('a programme changed while offline: the pain score and note arrive, and the page says which exercise went', async ({
  browser,
}) => {
  const { patient, page } = await addPatientWithRoutine(browser, {
    title: 'Before the change',
    exercises: [
      { search: 'prone press', name: PRESS_UP },
      { search: 'bridge with', name: BRIDGE },
    ],
    patientContext: PHONE,
  });
  await todayKeptForOffline(page);
  const today = new TodayPage(page);
  const date = await page.evaluate(() => new Date().toISOString().slice(0, 10));

  await page.context().setOffline(true);
  await page.reload();
  await today.markDone(PRESS_UP);
  await today.markDone(BRIDGE);
  await today.pain(3);
  await today.note.fill('Kept while the programme changed');
  await today.save();
  await expect(page.getByText(KEPT)).toBeVisible();

  // Meanwhile the physio takes the bridge out.
  await changeRoutine(patient, 'After the change', [
    { search: 'prone press', name: PRESS_UP },
    { search: 'cat camel', name: CAT_CAMEL },
  ]);

  await page.context().setOffline(false);
  await expect(page.getByText(SENT)).toBeVisible();
  await expect(page.getByText("Your programme changed — here is today's.")).toBeVisible();
  await expect(
    page.getByText(`${BRIDGE} is no longer in today's programme, so it was not saved.`),
  ).toBeVisible();
  await expect(
    page.getByText(`${PRESS_UP} is still in today's programme: your tick is kept.`),
  ).toBeVisible();
  // Today's programme is shown once the page has caught up.
  await expect(today.exercise(CAT_CAMEL)).toBeVisible();
  expect(await dayOnServer(page, date)).toMatchObject({ sessionsDone: 1, painScore: 3 });
});

test('a save the server cannot take yet stays on the phone; signing out clears it', async ({
  browser,
}) => {
  const { page } = await addPatientWithRoutine(browser, {
    title: 'Waiting',
    exercises: [{ search: 'prone press', name: PRESS_UP }],
    patientContext: PHONE,
  });
  await todayKeptForOffline(page);
  const today = new TodayPage(page);

  await page.context().setOffline(true);
  await page.reload();
  await today.pain(6);
  await today.save();
  await expect(page.getByText(KEPT)).toBeVisible();

  // The connection is back but the server answers 503 (its database is away): kept, not lost.
  let refusedOnce = 0;
  await page.route('**/api/patient/day-log', async (route) => {
    refusedOnce += 1;
    await route.fulfill({ status: 503, json: { message: 'Please try again.' } });
  });
  await page.context().setOffline(false);
  await expect.poll(() => refusedOnce).toBeGreaterThan(0);
  await expect(page.getByText(KEPT)).toBeVisible();
  expect(await keptSaves(page)).toHaveLength(1);
  await page.unroute('**/api/patient/day-log');

  // Signing out takes it off the phone with the kept pages.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(() => keptSaves(page)).toEqual([]);
});
