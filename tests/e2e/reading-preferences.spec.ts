import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { addPatientWithRoutine, PHONE, signInOnAnotherDevice } from './pages/new-patient';

// Issue 18, item 5: a text size in three steps and high contrast on the patient's pages,
// remembered per patient; at the largest size every patient page fits a 360-px phone with no
// horizontal scroll and passes axe.
const PATIENT_PAGES = ['/patient', '/patient/progress', '/patient/settings'];

const rootFontSize = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).fontSize);

async function expectFitsThePhone(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll, `${path} is wider than the phone`).toBeLessThanOrEqual(widths.client);
  expect(widths.client).toBeLessThanOrEqual(360);
  await expectNoSeriousA11yViolations(page);
}

test.use(PHONE);

test('the patient chooses the largest text and high contrast; every page fits 360 px and passes axe', async ({
  browser,
}) => {
  const { patient, page } = await addPatientWithRoutine(browser, {
    title: 'Readable',
    exercises: [
      { search: 'prone press', name: 'Prone press-up (lumbar extension)' },
      { search: 'bridge with', name: 'Bridge with single-leg extension' },
    ],
    patientContext: PHONE,
  });
  expect(await rootFontSize(page)).toBe('16px');

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Standard/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /High contrast/ })).not.toBeChecked();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('radio', { name: /^Largest/ }).check();
  await page.getByRole('checkbox', { name: /High contrast/ }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved: your pages now use these settings.')).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Largest/ })).toBeChecked();
  await expect(page.locator('.reading-frame')).toHaveAttribute('data-text-size', 'largest');
  await expect(page.locator('.reading-frame')).toHaveAttribute('data-contrast', 'high');
  expect(await rootFontSize(page)).toBe('24px');

  for (const path of PATIENT_PAGES) await expectFitsThePhone(page, path);

  // Remembered for the patient, not the phone: another device shows the same.
  const other = await signInOnAnotherDevice(browser, patient, PHONE);
  await expect(other.locator('.reading-frame')).toHaveAttribute('data-text-size', 'largest');
  expect(await rootFontSize(other)).toBe('24px');

  // Large, without high contrast, and back to standard.
  await other.goto('/patient/settings');
  await other.getByRole('radio', { name: /^Large\b/ }).check();
  await other.getByRole('checkbox', { name: /High contrast/ }).uncheck();
  await other.getByRole('button', { name: 'Save settings' }).click();
  await expect(other.getByText('Saved: your pages now use these settings.')).toBeVisible();
  expect(await rootFontSize(other)).toBe('20px');
  await expect(other.locator('.reading-frame')).toHaveAttribute('data-contrast', 'standard');
  for (const path of PATIENT_PAGES) await expectFitsThePhone(other, path);
});
