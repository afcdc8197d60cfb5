import type { Browser } from '@playwright/test';
import { DEMO, expect, signInAs, test } from './fixtures';

const DEMO_PATIENT_NAME = 'Sam Whitfield';
const OTHER_PHYSIO = 'physio2@demo.test';

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

/** All the text of a PDF, as a reader extracts it. */
async function pdfText(data: Uint8Array): Promise<string> {
  const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await getDocument({ data, verbosity: VerbosityLevel.ERRORS }).promise;
  let text = '';
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
  }
  await pdf.destroy();
  return text;
}

const reportPath = (patientId: string) => `/api/reports/patients/${patientId}/progress.pdf`;

test.describe('the PDF progress report', () => {
  let patientId: string;

  test.beforeAll(async ({ browser }) => {
    patientId = await demoPatientId(browser);
  });

  test('the patient’s physio downloads it as a PDF', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    const response = await page.request.get(reportPath(patientId));
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-type']).toBe('application/pdf');
    expect(headers['content-disposition']).toMatch(
      /^attachment; filename="adhere-progress-sam-whitfield-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    expect(headers['cache-control']).toContain('no-store');
    const body = await response.body();
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The production build draws real text: a PDF reader finds the patient and the table.
    const text = await pdfText(new Uint8Array(body));
    expect(text).toContain(DEMO_PATIENT_NAME);
    expect(text).toContain('Week by week');
  });

  test('an admin downloads it too', async ({ page }) => {
    await signInAs(page, DEMO.admin);
    const response = await page.request.get(reportPath(patientId));
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
  });

  test('another physio and the patient get "not found", never the report', async ({ browser }) => {
    for (const email of [OTHER_PHYSIO, DEMO.patient]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAs(page, email);
      const response = await page.request.get(reportPath(patientId));
      expect(response.status(), email).toBe(404);
      expect(response.headers()['content-type']).toContain('text/plain');
      expect(await response.text()).toBe('Not found.');
      await context.close();
    }
  });

  test('a malformed id is "not found"', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    const response = await page.request.get('/api/reports/patients/not-a-uuid/progress.pdf');
    expect(response.status()).toBe(404);
  });

  test('a signed-out visitor is asked to sign in', async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    const response = await request.get(reportPath(patientId));
    expect(response.status()).toBe(401);
    expect(await response.text()).toBe('Sign in to export reports.');
    await request.dispose();
  });
});
