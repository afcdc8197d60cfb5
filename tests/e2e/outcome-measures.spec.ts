import type { Locator, Page } from '@playwright/test';
import { DEMO, expect, expectNoSeriousA11yViolations, signInAs, test } from './fixtures';
import { addPatientWithRoutine, PHONE } from './pages/new-patient';

const PRESS_UP = 'Prone press-up (lumbar extension)';

const PSFS = 'Patient-Specific Functional Scale (PSFS)';
const SBST = 'Keele STarT Back Screening Tool';

/** A questionnaire at the top of Today, named by its heading. */
const questionnaire = (page: Page, name: string) => page.getByRole('region', { name });

/** A person taps the visible box, which is the radio's label. */
async function choose(form: Locator, name: string) {
  await form
    .locator('label')
    .filter({ has: form.page().getByRole('radio', { name, exact: true }) })
    .click();
}

async function expectPhoneWidth(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test('physio assigns PSFS and STarT Back, the patient answers both on a phone, the physio sees the scores', async ({
  browser,
}) => {
  const { patient, page } = await addPatientWithRoutine(browser, {
    title: 'Extension',
    exercises: [{ search: 'prone', name: PRESS_UP }],
    patientContext: PHONE,
  });
  const physio = patient.physio;

  // The physio assigns PSFS at the start and asks for STarT Back now.
  await physio.goto(patient.recordPath);
  const outcomes = physio.getByRole('region', { name: 'Outcome measures' });
  await outcomes
    .getByLabel('Questionnaire')
    .selectOption({ label: 'Patient-Specific Functional Scale (PSFS)' });
  await outcomes.getByLabel('When').selectOption({ label: 'At the start of the programme' });
  await outcomes.getByRole('button', { name: 'Assign questionnaire' }).click();
  await expect(
    outcomes.getByText('Assigned. The patient sees it on Today whenever it is due.'),
  ).toBeVisible();
  await outcomes
    .getByLabel('Questionnaire')
    .selectOption({ label: 'Keele STarT Back Screening Tool' });
  await outcomes.getByLabel('When').selectOption({ label: 'Once, now' });
  await outcomes.getByRole('button', { name: 'Assign questionnaire' }).click();
  await expect(
    outcomes.getByText('Asked for now: the patient sees it at the top of Today.'),
  ).toBeVisible();
  await expect(outcomes.getByText(/Due since .* \(today\)/)).toHaveCount(2);
  await expectNoSeriousA11yViolations(physio);

  // The patient: PSFS first (both due today, in name order), one question per screen.
  await page.reload();
  let form = questionnaire(page, PSFS);
  await expect(form.getByText('2 minutes: how is your back affecting you?')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await expectPhoneWidth(page);
  await form.getByRole('button', { name: 'Start' }).click();
  await form.getByLabel('Activity 1').fill('Lifting my daughter');
  await form.getByRole('button', { name: 'Add another activity' }).click();
  await form.getByLabel('Activity 2').fill('Gardening');
  await form.getByRole('button', { name: 'Next' }).click();
  await expect(form.getByText('Question 1 of 2')).toBeVisible();
  await expect(
    form.getByText('How able are you to do this now: “Lifting my daughter”?'),
  ).toBeVisible();
  await choose(form, '3');
  await expectNoSeriousA11yViolations(page);
  await expectPhoneWidth(page);
  await form.getByRole('button', { name: 'Next' }).click();

  // Resumable: a reload keeps the answers and the place.
  await page.reload();
  form = questionnaire(page, PSFS);
  await expect(form.getByText('Question 2 of 2')).toBeVisible();
  await choose(form, '4');
  await form.getByRole('button', { name: 'Next' }).click();
  await form.getByRole('button', { name: 'Back' }).click();
  await expect(form.getByRole('radio', { name: '4', exact: true })).toBeChecked();
  await form.getByRole('button', { name: 'Next' }).click();
  await form.getByRole('button', { name: 'Send answers' }).click();
  await expect(form.getByText('Thank you: your answers are saved')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await form.getByRole('button', { name: 'Continue' }).click();

  // STarT Back, with Keele's notice on the form: agree with items 5–8, "Very much" bothered.
  form = questionnaire(page, SBST);
  await expect(form.getByText('2 minutes: how is your back affecting you?')).toBeVisible();
  await expect(
    form.getByText(/The copyright \(©2007\) of the STarT Back Screening Tool/),
  ).toBeVisible();
  await form.getByRole('button', { name: 'Start' }).click();
  for (let item = 1; item <= 8; item += 1) {
    await expect(form.getByText(`Question ${item} of 9`)).toBeVisible();
    await choose(form, item >= 5 ? 'Agree' : 'Disagree');
    if (item === 1) {
      await expectNoSeriousA11yViolations(page);
      await expectPhoneWidth(page);
    }
    await form.getByRole('button', { name: 'Next' }).click();
  }
  await choose(form, 'Very much');
  await form.getByRole('button', { name: 'Next' }).click();
  await form.getByRole('button', { name: 'Send answers' }).click();
  await expect(form.getByText('Thank you: your answers are saved')).toBeVisible();
  await form.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('2 minutes: how is your back affecting you?')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();

  // The physio sees the scores and the risk group with what it means.
  await physio.reload();
  await expect(outcomes.getByText('Current risk group: High risk')).toBeVisible();
  await expect(outcomes.getByText(/psychologically informed physiotherapy/)).toBeVisible();
  const psfs = outcomes.getByRole('article', { name: 'Patient-Specific Functional Scale (PSFS)' });
  await expect(psfs.getByRole('table')).toContainText('3.5');
  await expect(psfs.getByRole('table')).toContainText('Lifting my daughter; Gardening');
  await expect(
    psfs.getByText('Change from baseline shows after the second time it is answered.'),
  ).toBeVisible();
  await expect(outcomes.getByText(/Due since/)).toHaveCount(0);
  await expectNoSeriousA11yViolations(physio);
});

test('the demo record shows the change marks with their source, and the caseload the flag and group', async ({
  page,
}) => {
  await signInAs(page, DEMO.physio);
  // The caseload: a patient whose STarT Back has waited six days, and the demo patient's group.
  const caseload = page.getByRole('table');
  await expect(caseload.getByText('Outcome due').first()).toBeVisible();
  await expect(
    caseload.getByRole('row').filter({ hasText: 'Sam Whitfield' }).getByText('Medium risk'),
  ).toBeVisible();
  await page.getByText('What the flags mean').click();
  await expect(
    page.getByText(
      /An assigned questionnaire \(outcome measure\) has been due for more than 3 days/,
    ),
  ).toBeVisible();
  await expect(page.getByText(/The latest STarT Back Screening Tool group/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await caseload.getByRole('link', { name: 'Sam Whitfield' }).click();
  const outcomes = page.getByRole('region', { name: 'Outcome measures' });
  const psfs = outcomes.getByRole('article', { name: 'Patient-Specific Functional Scale (PSFS)' });
  await expect(psfs.getByText('Clinically important improvement')).toBeVisible();
  await expect(psfs.getByText(/Change from baseline: \+3/)).toBeVisible();
  await expect(
    psfs.getByText(/Source: 2 points on the mean: the minimum detectable change/),
  ).toBeVisible();
  await expect(
    psfs.getByRole('img', {
      name: /Patient-Specific Functional Scale \(PSFS\) over time: 2 scores/,
    }),
  ).toBeVisible();
  await expect(outcomes.getByText('Current risk group: Medium risk')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
