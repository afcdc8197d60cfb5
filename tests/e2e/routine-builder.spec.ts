import type { Browser } from '@playwright/test';
import { DEMO, expect, expectNoSeriousA11yViolations, signInAs, test } from './fixtures';
import { RoutineBuilderPage } from './pages/routine-builder';

// A patient of physio@demo.test whom no other spec changes.
const PATIENT_NAME = 'Grace Adeyemi';
const OTHER_PHYSIO = 'physio2@demo.test';
const PRESS_UP = 'Prone press-up (lumbar extension)';
const BRIDGE = 'Bridge with single-leg extension';

/** The patient's id, read from the physio's caseload link in a context of its own. */
async function patientId(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, DEMO.physio);
  const href = await page.getByRole('link', { name: PATIENT_NAME }).first().getAttribute('href');
  await context.close();
  const id = /^\/physio\/patients\/([0-9a-f-]{36})$/.exec(href ?? '')?.[1];
  if (!id) throw new Error(`unexpected patient link: ${href}`);
  return id;
}

test.describe('routine builder', () => {
  test('a physio builds a routine with the two seed exercises, fixes a bad value and saves it', async ({
    browser,
    page,
  }) => {
    const id = await patientId(browser);
    await signInAs(page, DEMO.physio);
    await page.goto(`/physio/patients/${id}/routine`);
    await expect(
      page.getByRole('heading', { level: 1, name: `Routine for ${PATIENT_NAME}` }),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    const builder = new RoutineBuilderPage(page);
    await builder.removeAll();
    await expect(page.getByRole('button', { name: /^Use template: / })).toBeVisible();
    await page.getByLabel('Title').fill('Extension and bridging');
    await builder.add('prone', PRESS_UP);
    await builder.add('bridge with', BRIDGE);

    // A bad value first: no sets at all.
    await builder.dose(PRESS_UP, { sets: '0', reps: '10', hold: '2', timesPerDay: '2' });
    await builder.dose(BRIDGE, { sets: '2', reps: '6', hold: '3', note: 'Six on each side.' });
    await builder.days(BRIDGE, ['Monday', 'Wednesday', 'Friday']);

    // Reorder by keyboard: the bridge moves up, and focus stays with it.
    await builder
      .item(BRIDGE)
      .getByRole('button', { name: `Move up: ${BRIDGE}` })
      .focus();
    await page.keyboard.press('Enter');
    await expect(builder.items.first()).toHaveAccessibleName(`1. ${BRIDGE}`);
    await expect(builder.items.nth(1)).toHaveAccessibleName(`2. ${PRESS_UP}`);
    await expect(
      builder.item(BRIDGE).getByRole('button', { name: `Move down: ${BRIDGE}` }),
    ).toBeFocused();

    await builder.save();
    const sets = builder.item(PRESS_UP).getByLabel(/^Sets/);
    await expect(sets).toHaveAttribute('aria-invalid', 'true');
    await expect(sets).toHaveAccessibleDescription('Sets must be a whole number from 1 to 20.');
    await expect(
      builder.item(PRESS_UP).getByText('Sets must be a whole number from 1 to 20.'),
    ).toBeVisible();
    await expect(sets).toBeFocused();
    // Everything typed is still there, the bad value included.
    await expect(sets).toHaveValue('0');
    await expect(page.getByLabel('Title')).toHaveValue('Extension and bridging');
    await expect(builder.item(BRIDGE).getByLabel(/^Note for the patient/)).toHaveValue(
      'Six on each side.',
    );
    await expect(builder.items.first()).toHaveAccessibleName(`1. ${BRIDGE}`);
    await expect(page).toHaveURL(`/physio/patients/${id}/routine`);

    await sets.fill('3');
    await builder.save();
    await expect(page).toHaveURL(`/physio/patients/${id}`);

    // Reopened, the builder shows the new version as it was saved.
    await page.goto(`/physio/patients/${id}/routine`);
    await expect(page.getByText(/Current routine: “Extension and bridging”/)).toBeVisible();
    await expect(page.getByLabel('Title')).toHaveValue('Extension and bridging');
    await expect(builder.items).toHaveCount(2);
    await expect(builder.items.first()).toHaveAccessibleName(`1. ${BRIDGE}`);
    const bridge = builder.item(BRIDGE);
    await expect(bridge.getByLabel(/^Sets/)).toHaveValue('2');
    await expect(bridge.getByLabel(/^Reps/)).toHaveValue('6');
    await expect(bridge.getByLabel(/^Hold/)).toHaveValue('3');
    await expect(bridge.getByRole('checkbox', { name: 'Every day' })).not.toBeChecked();
    for (const day of ['Monday', 'Wednesday', 'Friday']) {
      await expect(bridge.getByRole('checkbox', { name: day, exact: true })).toBeChecked();
    }
    await expect(bridge.getByRole('checkbox', { name: 'Tuesday', exact: true })).not.toBeChecked();
    const pressUp = builder.item(PRESS_UP);
    await expect(pressUp.getByLabel(/^Sets/)).toHaveValue('3');
    await expect(pressUp.getByLabel(/^Times per day/)).toHaveValue('2');
    await expect(pressUp.getByRole('checkbox', { name: 'Every day' })).toBeChecked();
    await expectNoSeriousA11yViolations(page);
  });

  test('the picker searches by name and filters by body region', async ({ browser, page }) => {
    const id = await patientId(browser);
    await signInAs(page, DEMO.physio);
    await page.goto(`/physio/patients/${id}/routine`);
    const picker = page.getByRole('region', { name: 'Add exercises' });
    await picker.getByLabel('Body region').selectOption({ label: 'Core' });
    await expect(picker.getByRole('button', { name: 'Add Bird dog' })).toBeVisible();
    await expect(picker.getByRole('button', { name: `Add ${PRESS_UP}` })).toHaveCount(0);
    await picker.getByLabel('Body region').selectOption({ label: 'All regions' });
    await picker.getByLabel('Search by name').fill('cat camel');
    await expect(picker.getByRole('button', { name: /^Add / })).toHaveCount(1);
    await expect(picker.getByRole('button', { name: 'Add Cat–camel' })).toBeVisible();
    // Enter in the search box looks things up; it does not submit the programme.
    await picker.getByLabel('Search by name').press('Enter');
    await expect(page).toHaveURL(`/physio/patients/${id}/routine`);
    await expect(page.getByRole('alert').filter({ hasText: /highlighted/ })).toHaveCount(0);
  });
});

test.describe('the routine builder is not found for anyone else', () => {
  test('another physio gets "Patient not found"', async ({ browser, page }) => {
    const id = await patientId(browser);
    await signInAs(page, OTHER_PHYSIO);
    const response = await page.goto(`/physio/patients/${id}/routine`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Patient not found' })).toBeVisible();
    await expect(page.getByText(PATIENT_NAME)).toHaveCount(0);
  });

  test('a patient gets "not found"', async ({ browser, page }) => {
    const id = await patientId(browser);
    await signInAs(page, DEMO.patient);
    const response = await page.goto(`/physio/patients/${id}/routine`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: /not found/ })).toBeVisible();
    await expect(page.getByText(PATIENT_NAME)).toHaveCount(0);
  });

  test('a malformed or unknown id is "Patient not found"', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      await page.goto(`/physio/patients/${id}/routine`);
      await expect(page.getByRole('heading', { name: 'Patient not found' })).toBeVisible();
    }
  });
});

/** The calendar date `days` before an ISO date, as the date inputs take it. */
function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

const KEEP = 'the days already prescribed keep their adherence';

test.describe('Security finding 03: past adherence cannot be rewritten', () => {
  test('a back-dated start or a past last day is refused with the rule’s message next to the field', async ({
    browser,
    page,
  }) => {
    const id = await patientId(browser);
    await signInAs(page, DEMO.physio);
    await page.goto(`/physio/patients/${id}/routine`);
    const current = await page.getByText(/^Current routine: /).textContent();
    const builder = new RoutineBuilderPage(page);

    // The patient's programme has been in force for weeks: a new version starts today.
    const start = page.getByLabel('Start date');
    const today = await start.inputValue();
    await expect(start).toHaveAttribute('min', today);
    await start.fill(daysBefore(today, 7));
    // The rule, in the same words as the save will use, before anything is sent.
    const rule = new RegExp(
      `^“.+” (has been in force since|was in force until) .+\\. Start the new version today: ${KEEP}\\.$`,
    );
    await expect(page.getByText(rule)).toBeVisible();

    await builder.save();
    await expect(start).toHaveAttribute('aria-invalid', 'true');
    await expect(start).toBeFocused();
    const message = await page.locator('#routine-start-error').textContent();
    expect(message).toMatch(rule);
    await expect(start).toHaveAccessibleDescription(new RegExp(`${escapeRegExp(message!)}$`));
    await expect(start).toHaveValue(daysBefore(today, 7));
    await expect(page).toHaveURL(`/physio/patients/${id}/routine`);
    await expectNoSeriousA11yViolations(page);

    // Ending it yesterday would empty a day already reported.
    await page.getByText('End this routine').click();
    const lastDay = page.getByLabel('Last day of the routine');
    await expect(lastDay).toHaveAttribute('min', today);
    await lastDay.fill(daysBefore(today, 1));
    await page.getByRole('button', { name: 'End routine' }).click();
    await expect(lastDay).toHaveAttribute('aria-invalid', 'true');
    await expect(lastDay).toHaveAccessibleDescription(
      new RegExp(`The last day cannot be before today: ${KEEP}\\. Choose today or a later day\\.$`),
    );

    // Nothing was saved or ended.
    await page.goto(`/physio/patients/${id}/routine`);
    await expect(page.getByText(/^Current routine: /)).toHaveText(current!);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
