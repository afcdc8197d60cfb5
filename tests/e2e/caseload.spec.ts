import { DEMO, expect, expectNoSeriousA11yViolations, signInAs, test } from './fixtures';

test.describe("the physio's caseload", () => {
  test('finds a flagged patient and opens their record', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    await expect(page.getByRole('status').filter({ hasText: /need(s)? attention/ })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel('Flagged only').check();
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/flagged=1/);
    const rows = page.getByRole('table').getByRole('row');
    // Header + at least one flagged patient, and every listed patient carries a problem flag.
    expect(await rows.count()).toBeGreaterThan(1);
    for (const row of await rows.all().then((r) => r.slice(1))) {
      await expect(row.getByText(/Pain rising|Low adherence|Inactive/).first()).toBeVisible();
    }

    // Sorting by pain keeps the filter, and is in the URL.
    await page.getByRole('link', { name: /Mean pain, 7 days/ }).click();
    await expect(page).toHaveURL(/sort=pain/);
    await expect(page).toHaveURL(/flagged=1/);

    const flagged = page.getByRole('row').filter({ hasText: 'Pain rising' }).first();
    const name = (await flagged.getByRole('link').first().textContent())!.trim();
    await flagged.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Pain scores and notes' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Routine history' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test('a page past the last one shows the last page and says so, never an error', async ({
    page,
  }) => {
    // Paging itself (page 2 holds rows 51–100) is proven on a 130-patient caseload in
    // tests/integration/caseload-paging.test.ts; the demo caseload fits on one page.
    await signInAs(page, DEMO.physio);
    const response = await page.goto('/physio?flagged=1&sort=pain&page=99');
    expect(response?.status()).toBe(200);
    await expect(page.getByText('There is no page 99: this is page 1, the last.')).toBeVisible();
    expect(await page.getByRole('table').getByRole('row').count()).toBeGreaterThan(1);
    // One page: no page links.
    await expect(page.getByRole('navigation', { name: 'Caseload pages' })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);

    // A sort link, reached and followed with the keyboard, keeps the filter and goes to page 1.
    const link = page.getByRole('link', { name: /Last activity/ });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/sort=activity/);
    await expect(page).toHaveURL(/flagged=1/);
    await expect(page).not.toHaveURL(/page=/);
    await expect(page.getByText(/There is no page/)).toHaveCount(0);

    expect((await page.goto('/physio?page=not-a-number'))?.status()).toBe(200);
    await expect(page.getByRole('table')).toBeVisible();
  });

  test("does not prefetch every listed patient's record", async ({ page }) => {
    // Each row's link used to prefetch its record as it scrolled into view: a server render (and
    // session check) per visible patient for every view of the caseload, for a page with no
    // loading state to show sooner. The links still navigate in the app.
    const prefetched: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (
        request.headers()['next-router-prefetch'] &&
        /^\/physio\/patients\/[0-9a-f-]{36}/.test(path)
      ) {
        prefetched.push(path);
      }
    });
    await signInAs(page, DEMO.physio);
    await expect(page.getByRole('table').getByRole('row').nth(1)).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.mouse.wheel(0, 5000);
    await page.waitForTimeout(1500);
    expect(prefetched).toEqual([]);

    const link = page.getByRole('table').getByRole('row').nth(1).getByRole('link').first();
    const name = (await link.textContent())!.trim();
    await link.click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  });

  test('searches by name', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    await page.getByLabel('Search by name').fill('whitfield');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
    await expect(page.getByRole('link', { name: 'Sam Whitfield' })).toBeVisible();
  });
});

test.describe('adding a patient', () => {
  test('shows field messages for bad input, keeps what was typed, then gives a one-time link', async ({
    page,
  }) => {
    await signInAs(page, DEMO.physio);
    await page.getByRole('link', { name: 'Add patient' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Add patient' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel('Name').fill('Olu Okafor');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Goal').fill('Play with the grandchildren');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
    await expect(page.getByLabel('Name')).toHaveValue('Olu Okafor');
    await expect(page.getByLabel('Goal')).toHaveValue('Play with the grandchildren');

    await page.getByLabel('Email').fill('patient@demo.test');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await expect(
      page.getByText('An account with this email address already exists.').first(),
    ).toBeVisible();
    await expect(page.getByLabel('Name')).toHaveValue('Olu Okafor');

    await page.getByLabel('Email').fill('olu.okafor@example.org');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await expect(page.getByText('Olu Okafor has been added to your caseload.')).toBeVisible();
    const link = await page.getByLabel('Set-password link').inputValue();
    expect(link).toMatch(/\/set-password\/[A-Za-z0-9_-]{40,}$/);

    await page.goto('/physio');
    await expect(page.getByRole('link', { name: 'Olu Okafor' })).toBeVisible();
  });
});

test('discharging a patient keeps their record and can be undone', async ({ page }) => {
  await signInAs(page, DEMO.physio);
  await page.getByLabel('Search by name').fill('Zara');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('link', { name: 'Zara Ahmed' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Zara Ahmed' })).toBeVisible();

  await page.getByRole('button', { name: 'Discharge…' }).click();
  await page.getByRole('button', { name: 'Yes, discharge' }).click();
  await expect(page.getByText('Discharged — records are kept.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Week by week' })).toBeVisible();

  await page.goto('/physio');
  const discharged = page.getByRole('region', { name: 'Discharged patients' });
  await expect(discharged.getByRole('link', { name: 'Zara Ahmed' })).toBeVisible();
  await expect(page.getByRole('table').getByRole('link', { name: 'Zara Ahmed' })).toHaveCount(0);

  await discharged.getByRole('link', { name: 'Zara Ahmed' }).click();
  await page.getByRole('button', { name: 'Restore to caseload' }).click();
  await expect(page.getByRole('button', { name: 'Discharge…' })).toBeVisible();
  await page.goto('/physio?q=Zara');
  await expect(page.getByRole('table').getByRole('link', { name: 'Zara Ahmed' })).toBeVisible();
});

test('another physio and a patient get "not found" for a patient record and the add-patient page', async ({
  browser,
}) => {
  const owner = await browser.newPage();
  await signInAs(owner, DEMO.physio);
  const href = await owner.getByRole('link', { name: 'Sam Whitfield' }).getAttribute('href');
  await owner.close();

  const other = await browser.newPage();
  await signInAs(other, 'physio2@demo.test');
  expect((await other.goto(href!))?.status()).toBe(404);
  await expect(other.getByText('Sam Whitfield')).toHaveCount(0);
  await other.close();

  const patient = await browser.newPage();
  await signInAs(patient, DEMO.patient);
  expect((await patient.goto(href!))?.status()).toBe(404);
  expect((await patient.goto('/physio/patients/new'))?.status()).toBe(404);
  await patient.close();
});
