import { DEMO, expect, expectNoSeriousA11yViolations, signInAs, test } from './fixtures';
import { RoutineBuilderPage } from './pages/routine-builder';

const PRESS_UP = 'Prone press-up (lumbar extension)';
const BRIDGE = 'Bridge with single-leg extension';
const PHONE = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

test.use(PHONE);

test('the whole loop on a phone: physio sets up, patient logs, physio sees it', async ({
  browser,
}) => {
  const name = `Lena Loop ${Date.now().toString(36)}`;
  const email = `lena.${Date.now()}@example.org`;

  // The physio adds the patient and a routine with the two seed exercises.
  const physio = await (await browser.newContext(PHONE)).newPage();
  await signInAs(physio, DEMO.physio);
  await physio.goto('/physio/patients/new');
  await physio.getByLabel('Name').fill(name);
  await physio.getByLabel('Email').fill(email);
  await physio.getByLabel('Condition').fill('Non-specific low back pain, 4 weeks');
  await physio.getByRole('button', { name: 'Add patient' }).click();
  const link = await physio.getByLabel('Set-password link').inputValue();
  await physio.getByRole('link', { name: 'Build their routine' }).click();
  const builder = new RoutineBuilderPage(physio);
  await builder.removeAll();
  await physio.getByLabel('Title').fill('Extension and bridging');
  await builder.add('prone', PRESS_UP);
  await builder.add('bridge with', BRIDGE);
  await builder.save();
  await expect(physio.getByRole('heading', { level: 1, name })).toBeVisible();

  // The patient opens the link, sets a password and lands on today.
  const patient = await (await browser.newContext(PHONE)).newPage();
  await patient.goto(link);
  await expect(patient.getByText(`Welcome, ${name}.`)).toBeVisible();
  await expectNoSeriousA11yViolations(patient);
  await patient.getByLabel('New password').fill('short');
  await patient.getByLabel('Repeat the password').fill('short');
  await patient.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(patient.getByText(/Use at least 12 characters/)).toBeVisible();
  await patient.getByLabel('New password').fill('my back is getting better');
  await patient.getByLabel('Repeat the password').fill('my back is getting better');
  await patient.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(patient).toHaveURL('/patient');
  await expect(patient.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await expectNoSeriousA11yViolations(patient);
  // Nothing wider than the phone.
  expect(await patient.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    360,
  );

  await patient
    .getByRole('listitem')
    .filter({ hasText: PRESS_UP })
    .getByRole('button', { name: 'Mark done' })
    .click();
  await patient
    .getByRole('listitem')
    .filter({ hasText: BRIDGE })
    .getByRole('button', { name: 'Mark done' })
    .click();
  // A person taps the visible box, which is the radio's label.
  await patient
    .locator('label')
    .filter({ has: patient.getByRole('radio', { name: '6', exact: true }) })
    .click();
  await patient.getByLabel(/Note for your physiotherapist/).fill('Sore after gardening');
  await patient.getByRole('button', { name: 'Save' }).click();
  await expect(
    patient.getByText('Saved: 2 exercise sessions done, pain 6 out of 10.'),
  ).toBeVisible();

  await patient.reload();
  for (const exercise of [PRESS_UP, BRIDGE]) {
    await expect(
      patient
        .getByRole('listitem')
        .filter({ hasText: exercise })
        .getByRole('button', { name: /^Done/ }),
    ).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(patient.getByRole('radio', { name: '6', exact: true })).toBeChecked();
  await expect(patient.getByLabel(/Note for your physiotherapist/)).toHaveValue(
    'Sore after gardening',
  );

  // A day in the future cannot be chosen, and one 8 days back falls back to today.
  await patient.goto('/patient?date=2999-01-01');
  await expect(
    patient.getByText('You can log for today and the 7 days before it, so here is today.'),
  ).toBeVisible();

  // The physio sees today's activity on the caseload and the record.
  await physio.goto(`/physio?q=${encodeURIComponent(name)}`);
  const row = physio.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByRole('cell', { name: '100.0%' })).toBeVisible();
  await expect(row.getByRole('cell', { name: /^6\.0/ })).toBeVisible();
  await row.getByRole('link', { name }).click();
  await expect(physio.getByText('Sore after gardening')).toBeVisible();
  const thisWeek = physio.getByRole('region', { name: 'Week by week' }).locator('tbody tr').last();
  await expect(thisWeek).toContainText('100.0%');
  await expect(thisWeek).toContainText('6.0');
});

test('the patient pages pass axe at a phone viewport and fit its width', async ({ page }) => {
  await signInAs(page, DEMO.patient);
  await expectNoSeriousA11yViolations(page);
  await page.goto('/patient/progress');
  await expectNoSeriousA11yViolations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
