import { randomUUID } from 'node:crypto';
import { DEMO, expect, signInAs, test } from './fixtures';

// A demo patient no other spec logs for.
const PATIENT = 'patient29@demo.test';
const URL = '/api/patient/day-log';

test.describe('the JSON day-log endpoint', () => {
  test('validates like the form, saves once per key, and is for patients only', async ({
    page,
    playwright,
  }) => {
    await signInAs(page, PATIENT);
    const today = await page.evaluate(() => new Date().toISOString().slice(0, 10));
    const post = (data: unknown) => page.request.post(URL, { data });

    const notJson = await page.request.post(URL, { form: { pain: '3' } });
    expect(notJson.status()).toBe(415);

    const bad = await post({ idempotencyKey: randomUUID(), date: today, pain: 11 });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).errors.pain).toEqual(['Choose a pain score from 0 to 10.']);

    const future = await post({ idempotencyKey: randomUUID(), date: '2999-01-01', pain: 3 });
    expect((await future.json()).errors.date).toEqual([
      'You cannot log for a day that has not happened yet.',
    ]);

    const key = randomUUID();
    const first = await post({ idempotencyKey: key, date: today, pain: 4, note: 'from the app' });
    expect(first.status()).toBe(200);
    expect(await first.json()).toMatchObject({
      message: 'Saved: 0 exercise sessions done, pain 4 out of 10.',
      saved: { date: today, painScore: 4, programmeChanged: null, replayed: false },
    });
    // A later change, then the first request arriving again: it gets its first answer, changes nothing.
    await post({ idempotencyKey: randomUUID(), date: today, pain: 2 });
    const replay = await post({ idempotencyKey: key, date: today, pain: 4, note: 'from the app' });
    expect((await replay.json()).saved).toMatchObject({ painScore: 4, replayed: true });
    await page.goto('/patient');
    await expect(page.getByRole('radio', { name: '2', exact: true })).toBeChecked();
    // Only the score was sent the second time, so the note of the first save is still there.
    await expect(page.getByLabel(/Note for your physiotherapist/)).toHaveValue('from the app');

    // Exercises go as changes to the items the client showed; one the programme no longer has
    // is answered, not refused, and the rest of the save is kept.
    const gone = randomUUID();
    const changed = await post({
      idempotencyKey: randomUUID(),
      date: today,
      exercises: { [gone]: { exerciseId: randomUUID(), change: 1 } },
      note: 'still saved',
    });
    expect(changed.status()).toBe(200);
    expect(await changed.json()).toMatchObject({
      message: "Your programme changed — here is today's.",
      saved: { painScore: 2, programmeChanged: { moved: [], removed: [{ itemId: gone }] } },
    });

    const anonymous = await playwright.request.newContext({
      baseURL: test.info().project.use.baseURL,
    });
    expect((await anonymous.post(URL, { data: {} })).status()).toBe(401);
    await anonymous.dispose();
  });

  test('a physio gets "not found"', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    const response = await page.request.post(URL, { data: { idempotencyKey: randomUUID() } });
    expect(response.status()).toBe(404);
  });
});
