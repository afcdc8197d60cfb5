import { request as apiRequest } from '@playwright/test';
import { DEMO, expect, expectNoSeriousA11yViolations, signInAs, test } from './fixtures';

// Unique per run, so the spec can run again against the same database.
const run = Date.now().toString(36);
const TOKEN_NAME = `Clinic EHR ${run}`;

test('an admin creates an API token, a system reads the FHIR API with it, and a revoke stops it', async ({
  page,
  baseURL,
}) => {
  await signInAs(page, DEMO.admin);
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // A caseload token needs its physio: the form says so and keeps what was typed.
  await page.getByLabel('Name').fill(TOKEN_NAME);
  await page.getByLabel('One physiotherapist’s patients').check();
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('Choose the physiotherapist whose patients')).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue(TOKEN_NAME);

  await page.getByLabel('Physiotherapist', { exact: true }).selectOption({ label: 'Priya Raman' });
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page
    .getByRole('status')
    .filter({ hasText: `The token “${TOKEN_NAME}” has been created.` });
  await expect(shown).toBeVisible();
  const secret = await page.getByRole('textbox', { name: 'API token' }).inputValue();
  expect(secret).toMatch(/^adhere_pat_[A-Za-z0-9_-]{43}$/);
  await expectNoSeriousA11yViolations(page);

  // The system: no cookies, only the token.
  const system = await apiRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${secret}` },
  });
  try {
    const found = await system.get('/fhir/R4/Patient?_count=50');
    expect(found.status()).toBe(200);
    expect(found.headers()['content-type']).toContain('application/fhir+json');
    type PatientBundle = {
      entry?: { resource: { generalPractitioner?: { reference?: string }[] } }[];
    };
    const patients = ((await found.json()) as PatientBundle).entry ?? [];
    // Priya Raman's caseload only: every patient is hers, and the admin's session sees more.
    const physios = new Set(patients.map((e) => e.resource.generalPractitioner?.[0]?.reference));
    expect(patients.length).toBeGreaterThan(0);
    expect(physios.size).toBe(1);
    const physio = await system.get(`/fhir/R4/${[...physios][0]}`);
    expect(await physio.text()).toContain('Priya');
    const everyone = await page.request.get('/fhir/R4/Patient?_count=50');
    const all = ((await everyone.json()) as PatientBundle).entry ?? [];
    expect(all.length).toBeGreaterThan(patients.length);

    // The list shows the token, used just now, and never its secret.
    await page.getByRole('link', { name: 'Done' }).click();
    const row = page.getByRole('row').filter({ hasText: TOKEN_NAME });
    await expect(row).toContainText('Priya Raman’s patients');
    await expect(row).toContainText('Active');
    await expect(row).not.toContainText('Never');
    expect(await page.content()).not.toContain(secret.slice(20));

    await row.getByRole('button', { name: `Revoke ${TOKEN_NAME}…` }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(page.getByRole('row').filter({ hasText: TOKEN_NAME })).toContainText('Revoked');

    const refused = await system.get('/fhir/R4/Patient?_count=50');
    expect(refused.status()).toBe(401);
    expect(refused.headers()['www-authenticate']).toContain('invalid_token');
    expect(await refused.text()).toContain('revoked');
  } finally {
    await system.dispose();
  }

  // The audit log names the token, not a person.
  await page.goto('/admin/audit');
  await expect(page.getByText(`API token “${TOKEN_NAME}”`).first()).toBeVisible();
});
