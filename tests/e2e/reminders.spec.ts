import { expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { addPatientWithRoutine, PHONE } from './pages/new-patient';

// Issue 18, item 3: the patient chooses reminders on the settings page; the physio's record says
// only whether they are on. (Sending is tested with a fake clock in
// tests/integration/reminders.test.ts; this server has e-mail and, from scripts/e2e-server.mjs,
// VAPID keys, so both channels are offered.)
test.use(PHONE);

test('the patient turns reminders on and off; a time in quiet hours is refused and nothing typed is lost; the physio sees on/off', async ({
  browser,
}) => {
  const { patient, page } = await addPatientWithRoutine(browser, {
    title: 'Remind me',
    exercises: [{ search: 'prone press', name: 'Prone press-up (lumbar extension)' }],
    patientContext: PHONE,
  });
  await page.getByRole('link', { name: 'Settings' }).click();
  const reminders = page.getByRole('region', { name: 'Reminders' });
  await expect(reminders.getByText('Reminders are off.')).toBeVisible();
  await expect(reminders.getByLabel('Time', { exact: true })).toHaveValue('18:00');
  // Ticked from the programme, whose exercises are every day.
  for (const day of ['Monday', 'Thursday', 'Sunday']) {
    await expect(reminders.getByRole('checkbox', { name: day })).toBeChecked();
  }
  await expect(
    reminders.getByRole('checkbox', { name: /Notifications on my phone/ }),
  ).toBeEnabled();
  await expectNoSeriousA11yViolations(page);

  await reminders.getByLabel('Time', { exact: true }).fill('22:00');
  await reminders.getByRole('checkbox', { name: 'Sunday' }).uncheck();
  await reminders.getByRole('checkbox', { name: /^E-mail/ }).check();
  await reminders.getByRole('button', { name: 'Turn reminders on' }).click();
  await expect(
    reminders.getByText(
      'Choose a time outside the quiet hours (21:30 to 07:30): no reminders are sent then.',
    ),
  ).toBeVisible();
  // What was typed and ticked is still there.
  await expect(reminders.getByLabel('Time', { exact: true })).toHaveValue('22:00');
  await expect(reminders.getByRole('checkbox', { name: 'Sunday' })).not.toBeChecked();
  await expect(reminders.getByRole('checkbox', { name: /^E-mail/ })).toBeChecked();

  await reminders.getByLabel('Time', { exact: true }).fill('18:30');
  await reminders.getByRole('button', { name: 'Turn reminders on' }).click();
  await expect(
    reminders.getByText('Saved: reminders at 18:30 on the days you chose.'),
  ).toBeVisible();
  await expect(
    reminders.getByText('Reminders are on: 18:30, Mon, Tue, Wed, Thu, Fri, Sat.'),
  ).toBeVisible();

  await patient.physio.goto(patient.recordPath);
  await expect(patient.physio.getByText('Reminders: on')).toBeVisible();
  // Not the time, the days or the channels.
  await expect(patient.physio.getByText('18:30')).toHaveCount(0);

  await reminders.getByRole('button', { name: 'Turn reminders off' }).click();
  await expect(reminders.getByText(/^Reminders are off\. Your choices are kept/)).toBeVisible();
  await patient.physio.reload();
  await expect(patient.physio.getByText('Reminders: off')).toBeVisible();
});
