import type { Browser, Locator, Page } from '@playwright/test';
import { DEMO, expect, expectNoSeriousA11yViolations, signInAs, test } from './fixtures';

const DEMO_PATIENT_NAME = 'Sam Whitfield';
const OTHER_PHYSIO = 'physio2@demo.test';
// Not patient02: deactivation.spec.ts deactivates that account for a moment, possibly in parallel.
const OTHER_PATIENT = 'patient03@demo.test';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The Monday of the ISO week holding a UTC date, as the weekly table writes it ("3 Nov 2026"). */
function mondayOf(date: Date): string {
  const daysSinceMonday = (date.getUTCDay() + 6) % 7;
  const monday = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - daysSinceMonday),
  );
  return `${monday.getUTCDate()} ${MONTHS[monday.getUTCMonth()]} ${monday.getUTCFullYear()}`;
}

/** A date as formatDate shows it ("Thu, 3 Sept 2026" or "Thu 3 Sep 2026"), read in UTC. */
function parseShownDate(text: string): Date {
  const match = /(\d{1,2}) ([A-Z][a-z]{2})[a-z]* (\d{4})/.exec(text);
  const month = MONTHS.indexOf(match?.[2] ?? '');
  if (!match || month < 0) throw new Error(`no date in "${text}"`);
  return new Date(Date.UTC(Number(match[3]), month, Number(match[1])));
}

/** The demo patient's id, read from the physio's caseload link in a context of its own. */
async function demoPatientId(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, DEMO.physio);
  const href = await page.getByRole('link', { name: DEMO_PATIENT_NAME }).getAttribute('href');
  await context.close();
  const id = /^\/physio\/patients\/([0-9a-f-]{36})$/.exec(href ?? '')?.[1];
  if (!id) throw new Error(`unexpected patient link: ${href}`);
  return id;
}

async function expectChartDrawn(section: Locator) {
  const chart = section.getByRole('img', { name: /^Weekly adherence and mean pain/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator('.recharts-line-curve').first()).toBeVisible();
  await expect.poll(() => chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
}

/** Switches the panel to its table: first row programme week 1, last row this week. */
async function expectTableFromFirstWeekToThisWeek(section: Locator, firstMonday: string) {
  const tableButton = section.getByRole('button', { name: 'Table' });
  await tableButton.click();
  await expect(tableButton).toHaveAttribute('aria-pressed', 'true');
  await expect(section.getByRole('button', { name: 'Chart' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(section.getByRole('img', { name: /^Weekly adherence/ })).toHaveCount(0);

  const rows = section.getByRole('table').locator('tbody tr');
  const first = rows.first();
  const last = rows.last();
  await expect(first.getByRole('rowheader')).toHaveText(firstMonday);
  await expect(first.getByRole('cell').first()).toHaveText('1');
  await expect(last.getByRole('rowheader')).toContainText(mondayOf(new Date()));
  await expect(last.getByRole('rowheader')).toContainText('this week');
  // One row per week, with no week missing in between.
  const lastProgrammeWeek = Number(await last.getByRole('cell').first().textContent());
  await expect(rows).toHaveCount(lastProgrammeWeek);
}

function progressSection(page: Page): Locator {
  return page.getByRole('region', { name: /^(Progress|Week by week at a glance)$/ });
}

test.describe('progress chart and weekly table', () => {
  test("a physio opens their patient's progress: chart, then table, first week to this week", async ({
    page,
  }) => {
    await signInAs(page, DEMO.physio);
    await page.getByRole('link', { name: DEMO_PATIENT_NAME }).click();
    await expect(page).toHaveURL(/\/physio\/patients\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: DEMO_PATIENT_NAME })).toBeVisible();

    const started = await page.locator('dt:text-is("Programme started") + dd').textContent();
    const firstMonday = mondayOf(parseShownDate(started ?? ''));

    const section = progressSection(page);
    await expectChartDrawn(section);
    await expectNoSeriousA11yViolations(page);

    await expectTableFromFirstWeekToThisWeek(section, firstMonday);
    // The week-by-week section shows the same table.
    const weekByWeek = page.getByRole('region', { name: 'Week by week' });
    await expect(weekByWeek.getByRole('table').locator('tbody tr')).toHaveCount(
      await section.getByRole('table').locator('tbody tr').count(),
    );
    await expectNoSeriousA11yViolations(page);
  });

  test('a patient opens their own progress from the navigation', async ({ page }) => {
    await signInAs(page, DEMO.patient);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Progress' })
      .click();
    await expect(page).toHaveURL('/patient/progress');
    await expect(page.getByRole('heading', { level: 1, name: 'Your progress' })).toBeVisible();

    const started = await page.getByText(/Your programme started on/).textContent();
    const firstMonday = mondayOf(parseShownDate(started ?? ''));

    const section = progressSection(page);
    await expectChartDrawn(section);
    await expectNoSeriousA11yViolations(page);

    await expectTableFromFirstWeekToThisWeek(section, firstMonday);
    await expectNoSeriousA11yViolations(page);
  });
});

test.describe("a patient's progress is not found for anyone else", () => {
  test('another physio gets "Patient not found"', async ({ browser, page }) => {
    const id = await demoPatientId(browser);
    await signInAs(page, OTHER_PHYSIO);
    await page.goto(`/physio/patients/${id}`);
    await expect(page.getByRole('heading', { name: 'Patient not found' })).toBeVisible();
    await expect(page.getByText(DEMO_PATIENT_NAME)).toHaveCount(0);
  });

  test('another patient gets "not found"', async ({ browser, page }) => {
    const id = await demoPatientId(browser);
    await signInAs(page, OTHER_PATIENT);
    const response = await page.goto(`/physio/patients/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: /not found/ })).toBeVisible();
    await expect(page.getByText(DEMO_PATIENT_NAME)).toHaveCount(0);
  });

  test('the patient cannot open the physio page of their own record', async ({ browser, page }) => {
    const id = await demoPatientId(browser);
    await signInAs(page, DEMO.patient);
    const response = await page.goto(`/physio/patients/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: /not found/ })).toBeVisible();
  });

  test('a malformed or unknown id is "Patient not found"', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      await page.goto(`/physio/patients/${id}`);
      await expect(page.getByRole('heading', { name: 'Patient not found' })).toBeVisible();
    }
  });
});
