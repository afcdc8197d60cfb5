import { DEMO, expect, signInAs, test } from './fixtures';

test.describe('Security finding 06: extreme dates get a message, not an error page', () => {
  test('the audit log with dates out of range says so under each field and shows the log', async ({
    page,
  }) => {
    await signInAs(page, DEMO.admin);
    const response = await page.goto('/admin/audit?from=0001-01-01&to=9999-12-31');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    const to = page.getByLabel('To (UTC date)');
    await expect(to).toHaveValue('9999-12-31');
    await expect(to).toHaveAttribute('aria-invalid', 'true');
    await expect(to).toHaveAccessibleDescription('To must be between 1900-01-01 and 2100-12-31.');
    await expect(page.getByLabel('From (UTC date)')).toHaveAccessibleDescription(
      'From must be between 1900-01-01 and 2100-12-31.',
    );
    await expect(page.getByRole('status').filter({ hasText: /^Entries 1–/ })).toBeVisible();
    await expect(page.getByRole('table')).toBeVisible();
  });

  test('the weekly CSV refuses a date out of range with 400 and the reason', async ({ page }) => {
    await signInAs(page, DEMO.admin);
    const response = await page.request.get('/api/reports/weekly.csv?to=9999-12-31');
    expect(response.status()).toBe(400);
    expect(await response.text()).toBe('to must be between 1900-01-01 and 2100-12-31.');
    const whole = await page.request.get('/api/reports/weekly.csv?from=1900-01-01&to=2100-12-31');
    expect(whole.status()).toBe(200);
    expect((await whole.text()).split('\r\n').length).toBeGreaterThan(2);
  });
});
