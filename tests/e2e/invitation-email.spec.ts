import { DEMO, expect, expectNoSeriousA11yViolations, LoginPage, signInAs, test } from './fixtures';
import { waitForMailTo } from './support/mailbox';

// The e2e server sends e-mail to an in-process SMTP server (scripts/e2e-server.mjs).

const run = Date.now().toString(36);
const PHYSIO = { name: `Mara Ellison ${run}`, email: `mara.${run}@example.org` };
const PASSWORD = 'riverside physio passphrase 7';

test('the admin creates a physio; the invitation arrives by e-mail with a link that signs them in', async ({
  page,
  browser,
  baseURL,
}) => {
  await signInAs(page, DEMO.admin);
  await page.goto('/admin/accounts/new?role=physio');
  await page.getByLabel('Name').fill(PHYSIO.name);
  await page.getByLabel('Email').fill(PHYSIO.email);
  await page.getByRole('button', { name: 'Create physio account' }).click();

  await expect(page.getByText(`The account for ${PHYSIO.name} has been created.`)).toBeVisible();
  await expect(page.getByText(`It is also being e-mailed to ${PHYSIO.email}.`)).toBeVisible();
  const shownLink = await page.getByLabel('Set-password link').inputValue();
  expect(shownLink).toMatch(new RegExp(`^${baseURL}/set-password/[A-Za-z0-9_-]{40,}$`));

  const [mail, ...more] = await waitForMailTo(PHYSIO.email);
  expect(more).toHaveLength(0);
  expect(mail!.subject).toBe('Your Adhere account at Riverside Physiotherapy');
  expect(mail!.text).toContain(`Hello ${PHYSIO.name},`);
  const mailedLink = /http\S+\/set-password\/[\w-]+/.exec(mail!.text)?.[0];
  expect(mailedLink).toBe(shownLink);

  // The admin sees that it went out.
  await page.getByRole('link', { name: 'Open the account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: PHYSIO.name })).toBeVisible();
  const delivery = page.getByRole('row', { name: /Invitation/ });
  // The worker records "sent" just after the mail server accepts the message.
  await expect(async () => {
    await page.reload();
    await expect(delivery).toContainText('Accepted by the mail server at', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(delivery).toContainText('Sent');
  await expectNoSeriousA11yViolations(page);

  // The physio follows the e-mailed link, chooses a password and signs in with it.
  const context = await browser.newContext();
  const physio = await context.newPage();
  await physio.goto(mailedLink!);
  await physio.getByLabel('New password').fill(PASSWORD);
  await physio.getByLabel('Repeat the password').fill(PASSWORD);
  await physio.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(physio).toHaveURL(/\/physio$/);
  await context.close();

  // And with it from the sign-in page, like any other day.
  const later = await browser.newContext();
  const again = await later.newPage();
  const login = new LoginPage(again);
  await login.goto();
  await login.signIn(PHYSIO.email, PASSWORD);
  await expect(again).toHaveURL(/\/physio$/);
  await later.close();
});
