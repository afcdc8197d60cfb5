import { DEMO, DEMO_PASSWORD, LoginPage, expect, signInAs, test } from './fixtures';

const SIGN_IN_FAILED = 'That email and password do not match an active account.';
const THROTTLED = /^Too many attempts — try again in (\d+) seconds?\.$/;

// Accounts no other spec signs in with, so their throttling touches nothing else.
const GUESSED = 'patient26@demo.test';
const FORGED = 'patient27@demo.test';

test.describe('Security finding 01: sign-in throttling', () => {
  test('a guessed account is answered at once with when to try again, and is never locked', async ({
    page,
    loginPage,
  }) => {
    await loginPage.goto();
    let seconds: number | null = null;
    for (let attempt = 0; attempt < 8 && seconds === null; attempt++) {
      // A new forged X-Forwarded-For each time: it buys no fresh start.
      await page.setExtraHTTPHeaders({ 'x-forwarded-for': `198.51.100.${attempt + 1}` });
      await loginPage.signIn(GUESSED, `wrong password ${attempt}`);
      await expect(loginPage.error).toHaveText(new RegExp(`${SIGN_IN_FAILED}|${THROTTLED.source}`));
      const match = THROTTLED.exec((await loginPage.error.textContent()) ?? '');
      if (match) seconds = Number(match[1]);
    }
    expect(seconds).not.toBeNull();
    await expect(page).toHaveURL(/\/login/);
    // The attempt was not checked, so what was typed stays for the next try.
    await expect(page.getByLabel('Password')).not.toHaveValue('');

    // No lock-out: once the wait is over, the right password works.
    await page.waitForTimeout((seconds ?? 0) * 1000 + 500);
    await loginPage.signIn(GUESSED, DEMO_PASSWORD);
    await expect(page).toHaveURL('/patient');
  });

  test('the audit log records the socket address, not a forged X-Forwarded-For', async ({
    browser,
  }) => {
    const forger = await browser.newContext({
      extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.66', 'x-real-ip': '203.0.113.67' },
    });
    const forgerPage = await forger.newPage();
    const login = new LoginPage(forgerPage);
    await login.goto();
    await login.signIn(FORGED, 'not the password at all');
    await expect(login.error).toHaveText(SIGN_IN_FAILED);
    await forger.close();

    const admin = await browser.newPage();
    await signInAs(admin, DEMO.admin);
    await admin.goto(`/admin/audit?action=auth.sign_in_failed&who=${encodeURIComponent(FORGED)}`);
    const row = admin.getByRole('row').filter({ hasText: FORGED }).first();
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell', { name: '127.0.0.1' })).toBeVisible();
    await expect(admin.getByText(/203\.0\.113\.6[67]/)).toHaveCount(0);
    await admin.close();
  });
});
