import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { DEMO, expect, signInAs, test } from './fixtures';

// Accounts no other spec signs in as, so the entries counted here are this spec's alone.
const PATIENT = 'patient28@demo.test';
const OTHER_PHYSIO = 'physio3@demo.test';
const SEARCH = 'Secretname';

async function pageAs(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, email);
  return page;
}

/** The admin's audit log of denied access, filtered by who (or everyone), as table rows. */
async function deniedEntries(admin: Page, who?: string) {
  const query = new URLSearchParams({ action: 'access.denied', ...(who ? { who } : {}) });
  await admin.goto(`/admin/audit?${query}`);
  await expect(admin.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  return admin.getByRole('table').getByRole('row');
}

test.describe('Security finding 05: denied access is audited once per request', () => {
  test('a page refused for the role, by its layout and the page both, is one entry', async ({
    browser,
  }) => {
    const marker = randomUUID();
    const patient = await pageAs(browser, PATIENT);
    for (const path of [`/admin/accounts/${marker}?who=${SEARCH}`, `/physio/patients/${marker}`]) {
      const response = await patient.goto(path);
      expect(response?.status(), path).toBe(404);
    }

    const rows = await deniedEntries(await pageAs(browser, DEMO.admin), PATIENT);
    for (const path of [`/admin/accounts/${marker}`, `/physio/patients/${marker}`]) {
      const entry = rows.filter({ hasText: path });
      await expect(entry, path).toHaveCount(1);
      await expect(entry).toContainText('Page');
      await expect(entry).toContainText('{"reason":"role"}');
      await expect(entry).toContainText(/127\.0\.0\.1/);
      await expect(entry).not.toContainText(SEARCH);
    }
  });

  test('another physio’s patient and an unknown id are one entry each, with the id', async ({
    browser,
  }) => {
    const admin = await pageAs(browser, DEMO.admin);
    await admin.goto(`/admin?search=${encodeURIComponent(PATIENT)}`);
    const href = await admin.getByRole('table').getByRole('link').first().getAttribute('href');
    const patientId = /^\/admin\/accounts\/([0-9a-f-]{36})$/.exec(href ?? '')?.[1];
    if (!patientId) throw new Error(`unexpected account link: ${href}`);
    const unknown = randomUUID();

    const physio = await pageAs(browser, OTHER_PHYSIO);
    for (const path of [
      `/physio/patients/${patientId}?painPage=2`,
      `/physio/patients/${unknown}`,
    ]) {
      const response = await physio.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(physio.getByText(PATIENT)).toHaveCount(0);
    }
    const pdf = await physio.request.get(`/api/reports/patients/${patientId}/progress.pdf`);
    expect(pdf.status()).toBe(404);

    const rows = await deniedEntries(admin, OTHER_PHYSIO);
    const expected: [string, string][] = [
      [`/physio/patients/${patientId}`, patientId],
      [`/physio/patients/${unknown}`, unknown],
      [`/api/reports/patients/${patientId}/progress.pdf`, patientId],
    ];
    for (const [path, id] of expected) {
      const entry = rows.filter({ hasText: path });
      await expect(entry, path).toHaveCount(1);
      // The details as stored (jsonb orders the keys).
      await expect(entry).toContainText(`{"id":"${id}","reason":"not_found"}`);
      await expect(entry).toContainText(/127\.0\.0\.1/);
    }
    // Only what was asked is recorded: the page's own path, never the query.
    await expect(rows.filter({ hasText: 'painPage' })).toHaveCount(0);
  });

  test('a signed-out request to a route handler is one entry with no actor', async ({
    browser,
    playwright,
  }) => {
    const marker = randomUUID();
    const anonymous = await playwright.request.newContext({
      baseURL: test.info().project.use.baseURL,
    });
    const response = await anonymous.get(`/api/reports/patients/${marker}/progress.pdf`);
    expect(response.status()).toBe(401);
    await anonymous.dispose();

    const rows = await deniedEntries(await pageAs(browser, DEMO.admin));
    const entry = rows.filter({ hasText: marker });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('Not signed in');
    await expect(entry).toContainText('{"reason":"signed_out"}');
    await expect(entry).toContainText(/127\.0\.0\.1/);
  });
});
