import { expect, test } from './fixtures';
import {
  addPatientWithRoutine,
  PHONE,
  signInOnAnotherDevice,
  TodayPage,
} from './pages/new-patient';

const PRESS_UP = 'Prone press-up (lumbar extension)';
const BRIDGE = 'Bridge with single-leg extension';
const BIRD_DOG = 'Bird dog';

test.describe('Security finding 08: two devices saving the same day lose nothing', () => {
  test('the phone saves, then a tab opened earlier saves: every completion and the pain score stay', async ({
    browser,
  }) => {
    // The tab on the laptop is opened first and left as it is.
    const { patient, page: laptop } = await addPatientWithRoutine(browser, {
      title: 'Two devices',
      exercises: [
        { search: 'prone press', name: PRESS_UP },
        { search: 'bridge with', name: BRIDGE },
        { search: 'bird dog', name: BIRD_DOG, timesPerDay: '2' },
      ],
    });
    const tab = new TodayPage(laptop);
    await expect(tab.exercise(PRESS_UP).getByRole('button', { name: 'Mark done' })).toBeVisible();

    const phone = new TodayPage(await signInOnAnotherDevice(browser, patient, PHONE));
    await phone.markDone(PRESS_UP);
    await phone.oneMore(BIRD_DOG);
    await phone.pain(6);
    await phone.save();
    await expect(
      phone.page.getByText('Saved: 2 exercise sessions done, pain 6 out of 10.'),
    ).toBeVisible();

    // The tab still shows the morning: nothing done, no pain score. Its patient ticks other things.
    await expect(tab.painChoice(6)).not.toBeChecked();
    await tab.markDone(BRIDGE);
    await tab.oneMore(BIRD_DOG);
    await tab.save();
    // The tab's save adds to the phone's instead of replacing it.
    await expect(
      laptop.getByText('Saved: 4 exercise sessions done, pain 6 out of 10.'),
    ).toBeVisible();
    await expect(tab.doneButton(PRESS_UP)).toHaveAttribute('aria-pressed', 'true');
    await expect(tab.doneButton(BRIDGE)).toHaveAttribute('aria-pressed', 'true');
    await expect(tab.counter(BIRD_DOG)).toHaveText('2 of 2 done');
    await expect(tab.painChoice(6)).toBeChecked();

    await phone.page.reload();
    await expect(phone.doneButton(PRESS_UP)).toHaveAttribute('aria-pressed', 'true');
    await expect(phone.doneButton(BRIDGE)).toHaveAttribute('aria-pressed', 'true');
    await expect(phone.counter(BIRD_DOG)).toHaveText('2 of 2 done');
    await expect(phone.painChoice(6)).toBeChecked();

    // An undo on one device takes back only its own tick.
    await phone.doneButton(BRIDGE).click();
    await phone.save();
    await expect(
      phone.page.getByText('Saved: 3 exercise sessions done, pain 6 out of 10.'),
    ).toBeVisible();
    await laptop.reload();
    await expect(tab.exercise(BRIDGE).getByRole('button', { name: 'Mark done' })).toBeVisible();
    await expect(tab.doneButton(PRESS_UP)).toHaveAttribute('aria-pressed', 'true');
    await expect(tab.counter(BIRD_DOG)).toHaveText('2 of 2 done');
  });

  test('a save whose answer was lost is sent again under its own key, so nothing is counted twice', async ({
    browser,
  }) => {
    const { page } = await addPatientWithRoutine(browser, {
      title: 'Lost answer',
      exercises: [{ search: 'bird dog', name: BIRD_DOG, timesPerDay: '3' }],
      patientContext: PHONE,
    });
    const today = new TodayPage(page);
    // The first save reaches the server and is stored, but its answer never comes back.
    let dropped = false;
    await page.route('**/patient', async (route) => {
      const request = route.request();
      if (dropped || request.method() !== 'POST' || !request.headers()['next-action']) {
        return route.continue();
      }
      dropped = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await today.oneMore(BIRD_DOG);
    await today.save();
    // Not answered, so not known to be stored: the phone keeps it, under the same key.
    await expect(page.getByRole('status').filter({ hasText: 'Saved on this phone' })).toBeVisible();
    await expect(today.counter(BIRD_DOG)).toHaveText('1 of 3 done');
    // It was stored: another page of the same phone shows it.
    const other = new TodayPage(await page.context().newPage());
    await other.page.goto('/patient');
    await expect(other.counter(BIRD_DOG)).toHaveText('1 of 3 done');
    await other.page.close();

    // One more, and Save: the kept save goes again first (the server answers it from its key),
    // then the new tick. Two sessions, not three.
    await today.oneMore(BIRD_DOG);
    await today.save();
    await expect(page.getByText('Saved: 2 exercise sessions done.')).toBeVisible();
    await page.reload();
    await expect(today.counter(BIRD_DOG)).toHaveText('2 of 3 done');
  });
});
