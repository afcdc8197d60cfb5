import { DEMO, expect, signInAs, test } from './fixtures';

test.describe('Security finding 02: a physio cannot take over a patient’s account', () => {
  test('a patient who has set a password gets no new link from the physio, only from an admin', async ({
    page,
    browser,
  }) => {
    await signInAs(page, DEMO.physio);
    await page.getByRole('link', { name: 'Sam Whitfield' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sam Whitfield' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'New set-password link' })).toHaveCount(0);
    await expect(
      page.getByText(
        'Sam Whitfield has set a password. If they have lost it, ask the clinic’s admin for a new set-password link.',
      ),
    ).toBeVisible();

    const admin = await browser.newPage();
    await signInAs(admin, DEMO.admin);
    await admin.getByLabel('Search name or email').fill(DEMO.patient);
    await admin.getByRole('button', { name: 'Apply' }).click();
    await admin.getByRole('link', { name: 'Sam Whitfield' }).click();
    await expect(admin.getByRole('button', { name: 'New set-password link' })).toBeVisible();
    await admin.close();
  });

  test('a new patient’s first invitation can still be re-issued by their physio', async ({
    page,
  }) => {
    await signInAs(page, DEMO.physio);
    await page.getByRole('link', { name: 'Add patient' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Add patient' })).toBeVisible();
    await page.getByLabel('Name').fill('Ines Invite');
    await page.getByLabel('Email').fill('ines.invite@example.org');
    await page.getByLabel('Goal').fill('Carry the shopping');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await expect(page.getByText('Ines Invite has been added to your caseload.')).toBeVisible();

    await page.goto('/physio');
    await page.getByRole('link', { name: 'Ines Invite' }).click();
    await page.getByRole('button', { name: 'New set-password link' }).click();
    await expect(
      page.getByText('A new set-password link for Ines Invite. Earlier links no longer work.'),
    ).toBeVisible();
    expect(await page.getByLabel('Set-password link').inputValue()).toMatch(
      /\/set-password\/[A-Za-z0-9_-]{40,}$/,
    );
  });
});
