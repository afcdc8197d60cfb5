import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { DEMO, expect, expectNoSeriousA11yViolations, signInAs, test } from './fixtures';

// A patient of physio@demo.test that no other spec relies on; handed over and back here.
const MOVED_PATIENT = 'Nadia Petrova';
const FROM_PHYSIO = { email: DEMO.physio, name: 'Priya Raman' };
const TO_PHYSIO = { email: 'physio2@demo.test', name: 'Tom Okafor' };
const WEEKLY_CSV_HEADER =
  'patient_id,patient_name,patient_email,physio_name,week_start,prescribed_sessions,completed_sessions,adherence_pct,mean_pain,pain_reports';

// Unique per run, so the spec can run again against the same database.
const run = Date.now().toString(36);
const NEW_PHYSIO = { name: `Iris Ingram ${run}`, email: `iris.${run}@example.org` };
const NEW_PATIENT = { name: `Owen Oduya ${run}`, email: `owen.${run}@example.org` };

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

async function pageAs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, email);
  return page;
}

/** Opens an account from the list by searching for it, and returns its id. */
async function openAccount(page: Page, name: string): Promise<string> {
  await page.goto('/admin');
  await page.getByLabel('Search name or email').fill(name);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const id = /\/admin\/accounts\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  if (!id) throw new Error(`unexpected account address: ${page.url()}`);
  return id;
}

async function reassign(page: Page, patientId: string, to: string) {
  await page.goto(`/admin/accounts/${patientId}`);
  await page.getByLabel('Hand over to').selectOption({ label: to });
  await page.getByRole('button', { name: 'Reassign patient' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `${MOVED_PATIENT} is now looked after by ${to}.` }),
  ).toBeVisible();
}

test.describe('the admin’s accounts, figures, reports and audit log', () => {
  test.describe.configure({ mode: 'serial' });

  test('creates a physio and a patient for them, each with a one-time set-password link', async ({
    page,
  }) => {
    await signInAs(page, DEMO.admin);
    await expect(page).toHaveURL('/admin');
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('link', { name: 'New physio' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'New physiotherapist' }),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    // An address already in use gets a message under the field, and what was typed stays.
    await page.getByLabel('Name').fill(NEW_PHYSIO.name);
    await page.getByLabel('Email').fill(DEMO.physio);
    await page.getByRole('button', { name: 'Create physio account' }).click();
    await expect(page.locator('#email-error')).toHaveText(
      'An account with this email address already exists.',
    );
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Name')).toHaveValue(NEW_PHYSIO.name);

    await page.getByLabel('Email').fill(NEW_PHYSIO.email);
    await page.getByRole('button', { name: 'Create physio account' }).click();
    await expect(
      page.getByText(`The account for ${NEW_PHYSIO.name} has been created.`),
    ).toBeVisible();
    expect(await page.getByLabel('Set-password link').inputValue()).toMatch(
      /\/set-password\/[A-Za-z0-9_-]{40,}$/,
    );

    await page.goto('/admin/accounts/new?role=patient');
    await expect(page.getByRole('heading', { level: 1, name: 'New patient' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('Name').fill(NEW_PATIENT.name);
    await page.getByLabel('Email').fill(NEW_PATIENT.email);
    await page.getByRole('button', { name: 'Create patient account' }).click();
    await expect(page.locator('#physioId-error')).toHaveText(
      'Choose the physiotherapist who will look after this patient.',
    );
    await page.getByLabel('Physiotherapist').selectOption({ label: NEW_PHYSIO.name });
    await page.getByLabel('Condition').fill('Non-specific low back pain, 3 weeks');
    await page.getByRole('button', { name: 'Create patient account' }).click();
    await expect(
      page.getByText(`The account for ${NEW_PATIENT.name} has been created.`),
    ).toBeVisible();
    expect(await page.getByLabel('Set-password link').inputValue()).toMatch(
      /\/set-password\/[A-Za-z0-9_-]{40,}$/,
    );

    // The new patient is listed under the new physio, with no password yet.
    await page.getByRole('link', { name: 'Open the account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: NEW_PATIENT.name })).toBeVisible();
    await expect(page.getByText(NEW_PHYSIO.name)).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.goto('/admin');
    await page.getByLabel('Patients of').selectOption({ label: NEW_PHYSIO.name });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/physio=/);
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText(NEW_PATIENT.email);
    await expect(rows.nth(1)).toContainText('No password set yet');
  });

  test('hands a patient over: the old physio gets "not found", the new one sees them', async ({
    browser,
  }) => {
    const admin = await pageAs(browser, DEMO.admin);
    const patientId = await openAccount(admin, MOVED_PATIENT);
    await expect(admin.getByText(FROM_PHYSIO.name)).toBeVisible();
    await expectNoSeriousA11yViolations(admin);

    const oldPhysio = await pageAs(browser, FROM_PHYSIO.email);
    const newPhysio = await pageAs(browser, TO_PHYSIO.email);
    const record = `/physio/patients/${patientId}`;
    expect((await newPhysio.goto(record))?.status()).toBe(404);

    await reassign(admin, patientId, TO_PHYSIO.name);
    try {
      expect((await oldPhysio.goto(record))?.status()).toBe(404);
      await expect(oldPhysio.getByText(MOVED_PATIENT)).toHaveCount(0);
      await oldPhysio.goto('/physio');
      await expect(oldPhysio.getByRole('link', { name: MOVED_PATIENT })).toHaveCount(0);

      expect((await newPhysio.goto(record))?.status()).toBe(200);
      await expect(newPhysio.getByRole('heading', { level: 1, name: MOVED_PATIENT })).toBeVisible();
      // Their history came with them.
      await expect(newPhysio.getByRole('heading', { name: 'Week by week' })).toBeVisible();
    } finally {
      await reassign(admin, patientId, FROM_PHYSIO.name);
    }
    expect((await oldPhysio.goto(record))?.status()).toBe(200);
    expect((await newPhysio.goto(record))?.status()).toBe(404);

    for (const page of [admin, oldPhysio, newPhysio]) await page.context().close();
  });

  test('shows the clinic figures', async ({ page }) => {
    await signInAs(page, DEMO.admin);
    await page.getByRole('link', { name: 'Clinic figures' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Clinic figures' })).toBeVisible();
    await expect(page.getByText('Current patients').first()).toBeVisible();
    const byPhysio = page.getByRole('table', { name: /for each physiotherapist/ });
    await expect(byPhysio.getByRole('rowheader', { name: FROM_PHYSIO.name })).toBeVisible();
    await expect(byPhysio.getByRole('rowheader', { name: 'Clinic' })).toBeVisible();
    await expect(page.getByRole('img', { name: /Weekly adherence and mean pain/ })).toBeVisible();
    await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test('downloads the weekly CSV, and the audit log shows it and the account changes', async ({
    page,
  }) => {
    await signInAs(page, DEMO.admin);
    await page.getByRole('link', { name: 'Reports' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    const to = isoDate(new Date());
    const from = isoDate(new Date(Date.now() - 28 * 86_400_000));
    await page.getByLabel('Physiotherapist').selectOption({ label: FROM_PHYSIO.name });
    await page.getByLabel('From').fill(from);
    await page.getByLabel('To').fill(to);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`adhere-weekly-${from}-to-${to}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe(WEEKLY_CSV_HEADER);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.includes(`,${FROM_PHYSIO.name},`))).toBe(true);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    const log = page.getByRole('table');
    const filter = async (action: string) => {
      await page.getByLabel('Who (name, email or API token)').fill(DEMO.admin);
      await page.getByLabel('Action').selectOption({ label: action });
      await page.getByRole('button', { name: 'Filter' }).click();
      await expect(page).toHaveURL(/action=/);
    };

    await filter('Weekly CSV exported');
    const exportRow = log.getByRole('row').filter({ hasText: `"from":"${from}"` });
    await expect(exportRow.first()).toContainText('Morgan Reyes');
    await expect(exportRow.first()).toContainText(`"to":"${to}"`);
    await expect(exportRow.first().getByRole('cell').first()).toHaveText(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/,
    );

    await filter('Account created');
    await expect(log.getByRole('row').filter({ hasText: NEW_PHYSIO.email })).toContainText(
      '{"role":"physio"}',
    );
    await expect(log.getByRole('row').filter({ hasText: NEW_PATIENT.email })).toContainText(
      '{"role":"patient"}',
    );

    await filter('Patient assigned to a physio');
    // The hand-over and the hand-back, newest first.
    await expect(log.getByRole('row').filter({ hasText: MOVED_PATIENT })).toHaveCount(2);
    await expect(log.getByRole('row').filter({ hasText: NEW_PATIENT.name })).toHaveCount(1);
    await expect(page).toHaveURL(/who=admin%40demo\.test/);

    // Read-only: nothing on the page changes or removes an entry.
    await expect(log.getByRole('button')).toHaveCount(0);
  });

  test('pages through the log, keeping the filters', async ({ page }) => {
    await signInAs(page, DEMO.admin);
    await page.goto('/admin/audit?who=demo.test');
    await expect(page.getByLabel('Who (name, email or API token)')).toHaveValue('demo.test');
    const status = page.getByRole('status').filter({ hasText: /Entries|No entries/ });
    await expect(status).toHaveText(/^Entries 1–\d+ of \d+, newest first\.$/);
    const total = Number(/of (\d+),/.exec((await status.textContent()) ?? '')?.[1]);
    const pages = page.getByRole('navigation', { name: 'Audit log pages' });
    if (total <= 50) {
      await expect(pages).toHaveCount(0);
      return;
    }
    await expect(pages.getByRole('link', { name: 'Page 1' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await pages.getByRole('link', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/who=demo\.test/);
    await expect(page).toHaveURL(/page=2/);
    await expect(status).toHaveText(/^Entries 51–\d+ of \d+, newest first\.$/);
    await expect(page.getByLabel('Who (name, email or API token)')).toHaveValue('demo.test');
  });
});

test.describe('who may not see the admin area', () => {
  const ADMIN_PAGES = [
    '/admin',
    '/admin/audit',
    '/admin/figures',
    '/admin/reports',
    '/admin/accounts/new',
  ];

  for (const email of [DEMO.physio, DEMO.patient]) {
    test(`${email} gets "not found" for every admin page`, async ({ page }) => {
      await signInAs(page, email);
      for (const path of ADMIN_PAGES) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(404);
        await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      }
    });
  }

  test('an account that does not exist is "not found" for the admin too', async ({ page }) => {
    await signInAs(page, DEMO.admin);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const response = await page.goto(`/admin/accounts/${id}`);
      expect(response?.status(), id).toBe(404);
      await expect(page.getByRole('heading', { name: 'Account not found' })).toBeVisible();
    }
  });

  test('a signed-out visitor is sent to sign in', async ({ page }) => {
    for (const path of ['/admin/audit', '/admin/figures']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login/);
    }
  });
});
