import { DEMO, expect, signInAs, test } from './fixtures';

test.describe('each role sees only its own area', () => {
  test('a patient gets "not found" for the physio and admin areas', async ({ page }) => {
    await signInAs(page, DEMO.patient);
    for (const path of ['/physio', '/admin']) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      await expect(page.getByText('patient@demo.test')).toHaveCount(0);
    }
  });

  test('a physio gets "not found" for the admin and patient areas', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    for (const path of ['/admin', '/patient']) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    }
  });

  test('an admin gets "not found" for the physio area', async ({ page }) => {
    await signInAs(page, DEMO.admin);
    const response = await page.goto('/physio');
    expect(response?.status()).toBe(404);
  });

  test('security headers are sent', async ({ page }) => {
    const response = await page.goto('/login');
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['strict-transport-security']).toContain('max-age=');
  });
});
