import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { Bundle, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { expectValidFhir } from '../support/fhir-validator';
import { DEMO, expect, signInAs, test } from './fixtures';

const DEMO_PATIENT_NAME = 'Sam Whitfield';
const OTHER_PHYSIO = 'physio2@demo.test';

/** The demo patient's id, read from the physio's caseload link. */
async function demoPatientId(page: Page): Promise<string> {
  const href = await page.getByRole('link', { name: DEMO_PATIENT_NAME }).getAttribute('href');
  const id = /^\/physio\/patients\/([0-9a-f-]{36})$/.exec(href ?? '')?.[1];
  if (!id) throw new Error(`unexpected patient link: ${href}`);
  return id;
}

test.describe('Download my data', () => {
  test('a patient downloads their FHIR record, their weeks and their report', async ({ page }) => {
    await signInAs(page, DEMO.patient);
    await page.goto('/patient/progress');
    const section = page.getByRole('region', { name: 'Download my data' });
    await expect(section).toBeVisible();

    const downloading = page.waitForEvent('download');
    await section.getByRole('link', { name: 'My record (FHIR JSON)' }).click();
    const record = await downloading;
    expect(record.suggestedFilename()).toMatch(/^adhere-my-record-\d{4}-\d{2}-\d{2}\.fhir\.json$/);
    const bundle = JSON.parse(await readFile((await record.path())!, 'utf8')) as Bundle;
    await expectValidFhir(bundle);
    expect(bundle.type).toBe('searchset');
    const patient = bundle.entry?.[0]?.resource as Patient;
    expect(patient.resourceType).toBe('Patient');
    expect(patient.telecom?.[0]?.value).toBe(DEMO.patient);
    const types = new Set(bundle.entry?.map((e) => e.resource?.resourceType));
    for (const type of ['Practitioner', 'CarePlan', 'ActivityDefinition', 'Observation']) {
      expect(types, type).toContain(type);
    }

    const csvDownload = page.waitForEvent('download');
    await section.getByRole('link', { name: 'My weeks (CSV)' }).click();
    const csv = await readFile((await (await csvDownload).path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'patient_id,patient_name,patient_email,physio_name,week_start,prescribed_sessions,completed_sessions,adherence_pct,mean_pain,pain_reports',
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.startsWith(patient.id!))).toBe(true);

    const pdf = await page.request.get('/api/patient/my-data/progress.pdf');
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('a physio has no "my data" to download', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    const response = await page.request.get('/api/patient/my-data/record.fhir.json');
    expect(response.status()).toBe(404);
  });
});

test.describe('the FHIR R4 API over HTTP', () => {
  test('a physio reads their patient; another physio gets 404; bad searches get 400', async ({
    page,
    browser,
  }) => {
    await signInAs(page, DEMO.physio);
    const patientId = await demoPatientId(page);

    const metadata = await page.request.get('/fhir/R4/metadata');
    expect(metadata.status()).toBe(200);
    expect(metadata.headers()['content-type']).toContain('application/fhir+json');
    await expectValidFhir(await metadata.json());

    const everything = await page.request.get(`/fhir/R4/Patient/${patientId}/$everything`);
    expect(everything.status()).toBe(200);
    const bundle = (await everything.json()) as Bundle;
    await expectValidFhir(bundle);
    expect(bundle.entry?.[0]?.resource?.id).toBe(patientId);

    const pain = await page.request.get(
      `/fhir/R4/Observation?patient=Patient/${patientId}&code=http://loinc.org|72514-3&_count=2`,
    );
    const page1 = (await pain.json()) as Bundle;
    await expectValidFhir(page1);
    expect(page1.entry).toHaveLength(2);
    const next = page1.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toBeTruthy();
    const page2 = (await (
      await page.request.get(new URL(next!).pathname + new URL(next!).search)
    ).json()) as Bundle;
    expect(page2.entry?.[0]?.resource?.id).not.toBe(page1.entry?.[0]?.resource?.id);

    const bad = await page.request.get(`/fhir/R4/Observation?patient=${patientId}&date=soon`);
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInAs(otherPage, OTHER_PHYSIO);
    const hidden = await otherPage.request.get(`/fhir/R4/Patient/${patientId}`);
    expect(hidden.status()).toBe(404);
    expect(await hidden.text()).not.toContain(DEMO_PATIENT_NAME);
    await other.close();

    const visitor = await browser.newContext();
    const signedOut = await visitor.request.get(`/fhir/R4/Patient/${patientId}`);
    expect(signedOut.status()).toBe(401);
    await visitor.close();
  });
});
