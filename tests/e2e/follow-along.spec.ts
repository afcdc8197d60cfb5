import { expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { addPatientWithRoutine, PHONE, TodayPage } from './pages/new-patient';

const PRESS_UP = 'Prone press-up (lumbar extension)';

test('following an exercise on the phone: each hold counts down, the sets finish, Mark done', async ({
  browser,
}) => {
  const { page } = await addPatientWithRoutine(browser, {
    title: 'Extension',
    exercises: [{ search: 'prone', name: PRESS_UP }],
    patientContext: PHONE,
  });
  // The hold timer runs on the page's clock, which the test moves on instead of waiting.
  await page.clock.install();
  await page.reload();
  const today = new TodayPage(page);
  const card = today.exercise(PRESS_UP);
  await expect(card).toContainText('1 × 10, hold 2 s');

  await card.getByRole('button', { name: /^Follow along/ }).click();
  const panel = card.getByRole('region', { name: `Follow along: ${PRESS_UP}` });
  await expect(panel).toContainText('Repetition 1 of 10');
  await expectNoSeriousA11yViolations(page);
  // Paused, the clock moves only when the test says so.
  await page.clock.pauseAt(new Date(Date.now() + 5_000));
  await panel.getByRole('button', { name: 'Start 2-second hold' }).click();
  const timer = panel.getByRole('timer');
  await expect(timer).toHaveText('2');
  await page.clock.runFor(1_100);
  await expect(timer).toHaveText('1');
  await page.clock.runFor(1_100);
  await expect(timer).toBeHidden();
  await expect(panel).toContainText('Repetition 2 of 10');
  await expect(panel.getByRole('status')).toHaveText('Hold done. Relax.');

  // A hold stopped early does not count.
  await panel.getByRole('button', { name: 'Start 2-second hold' }).click();
  await panel.getByRole('button', { name: 'Stop this hold' }).click();
  await expect(panel).toContainText('Repetition 2 of 10');

  for (let rep = 2; rep <= 10; rep += 1) {
    await panel.getByRole('button', { name: 'Start 2-second hold' }).click();
    await page.clock.runFor(2_200);
    await expect(timer).toBeHidden();
  }
  await expect(panel).toContainText('Set done.');
  // Nothing is saved until the patient marks it done and saves the day, as with the card's button.
  await panel.getByRole('button', { name: /^Mark done/ }).click();
  await expect(today.doneButton(PRESS_UP)).toBeVisible();
  await expect(panel).toContainText('Done for today');
  await today.save();
  await expect(page.getByText('Saved: 1 exercise session done.')).toBeVisible();
  // Nothing wider than the phone with the panel open.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
