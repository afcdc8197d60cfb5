import { DEMO, expect, expectNoSeriousA11yViolations, test } from './fixtures';

const SIGN_IN_FAILED = 'That email and password do not match an active account.';

test.describe('signing in', () => {
  for (const [role, email, home, heading] of [
    ['admin', DEMO.admin, '/admin', 'Accounts'],
    ['physio', DEMO.physio, '/physio', 'Your patients'],
    ['patient', DEMO.patient, '/patient', 'Today'],
  ] as const) {
    test(`the ${role} lands on their home`, async ({ page, loginPage }) => {
      await loginPage.goto();
      await loginPage.signIn(email);
      await expect(page).toHaveURL(home);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });
  }

  test('the physio sees their patients and the patient sees today’s exercises', async ({
    page,
    loginPage,
  }) => {
    await loginPage.goto();
    await loginPage.signIn(DEMO.physio);
    await expect(page.getByRole('link', { name: 'Sam Whitfield' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await loginPage.signIn(DEMO.patient);
    await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
    await expect(page.getByText('How to do it').first()).toBeVisible();
  });

  test('a wrong password and an unknown email get the same message', async ({
    page,
    loginPage,
  }) => {
    await loginPage.goto();
    await expectNoSeriousA11yViolations(page);
    await loginPage.signIn(DEMO.physio, 'not-the-password');
    await expect(loginPage.error).toHaveText(SIGN_IN_FAILED);
    await expect(page).toHaveURL(/\/login/);
    // What was typed stays, except the password.
    await expect(page.getByLabel('Email')).toHaveValue(DEMO.physio);
    await expect(page.getByLabel('Password')).toHaveValue('');

    await loginPage.signIn('nobody@demo.test', 'adhere-demo-password');
    await expect(loginPage.error).toHaveText(SIGN_IN_FAILED);
  });

  test('empty fields are explained next to each field', async ({ page, loginPage }) => {
    await loginPage.goto();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter your email address.')).toBeVisible();
    await expect(page.getByText('Enter your password.')).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  test('signing out ends the session', async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signIn(DEMO.physio);
    await expect(page).toHaveURL('/physio');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByText('You have signed out.')).toBeVisible();
    await page.goto('/physio');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fphysio/);
  });

  test('a signed-out visitor is sent to sign in and comes back to the page asked for', async ({
    page,
    loginPage,
  }) => {
    await page.goto('/admin?role=physio');
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await loginPage.signIn(DEMO.admin);
    await expect(page).toHaveURL('/admin?role=physio');
    await expect(page.getByLabel('Role')).toHaveValue('physio');
  });
});
