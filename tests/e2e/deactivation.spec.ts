import { DEMO, LoginPage, expect, signInAs, test } from './fixtures';

const PATIENT = 'patient02@demo.test';

test('a deactivated account loses access at once and cannot sign in again until reactivated', async ({
  browser,
}) => {
  const patientContext = await browser.newContext();
  const adminContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  const adminPage = await adminContext.newPage();

  await signInAs(patientPage, PATIENT);
  await expect(patientPage).toHaveURL('/patient');

  await signInAs(adminPage, DEMO.admin);
  await adminPage.getByLabel('Search name or email').fill(PATIENT);
  await adminPage.getByRole('button', { name: 'Apply' }).click();
  const row = adminPage.getByRole('row', { name: new RegExp(PATIENT) });
  await row.getByRole('button', { name: /^Deactivate/ }).click();
  await expect(row.getByRole('cell', { name: 'Deactivated' })).toBeVisible();

  // The patient's very next request finds the session gone.
  await patientPage.reload();
  await expect(patientPage).toHaveURL(/\/login/);
  const login = new LoginPage(patientPage);
  await login.signIn(PATIENT);
  await expect(login.error).toHaveText('That email and password do not match an active account.');

  await row.getByRole('button', { name: /^Reactivate/ }).click();
  await expect(row.getByRole('cell', { name: 'Active' })).toBeVisible();
  await login.signIn(PATIENT);
  await expect(patientPage).toHaveURL('/patient');

  await patientContext.close();
  await adminContext.close();
});

test('an admin is not offered to deactivate their own account', async ({ page }) => {
  await signInAs(page, DEMO.admin);
  // The signed-in admin's own row offers no deactivate button.
  const ownRow = page.getByRole('row', { name: /admin@demo\.test/ });
  await expect(ownRow.getByText('You')).toBeVisible();
  await expect(ownRow.getByRole('button')).toHaveCount(0);
});
