import { DEMO, expect, expectNoSeriousA11yViolations, signInAs, test } from './fixtures';

// Unique per run, so the spec can run again against the same database.
const run = Date.now().toString(36);
const ID = `odi-like-${run}`;

/** An ODI-shaped definition (made-up wording): six-option sections, sum ÷ 50 × 100 %, bands. */
function odiLike(version: number, { broken = false } = {}) {
  const section = (n: number) => ({
    type: 'choice',
    id: `section${n}`,
    text: `Section ${n}: how much does your back limit this today?`,
    options: ['Not at all', 'A little', 'Somewhat', 'Quite a lot', 'Very much', 'Completely'].map(
      (label, value) => ({ label, value: broken && n === 2 && value === 1 ? '1' : value }),
    ),
  });
  return JSON.stringify({
    id: ID,
    version,
    name: `ODI-like index ${run}`,
    copyright: '© Example clinic licence holder',
    licence: 'Used under the clinic’s licence',
    ...(broken ? {} : { citation: 'Example 2024' }),
    items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(section),
    scoring: {
      method: 'sum',
      scale: { divideBy: 50, multiplyBy: 100 },
      decimals: 0,
      bands: [
        { id: 'minimal', label: 'Minimal disability', max: 20 },
        { id: 'more', label: 'More than minimal' },
      ],
    },
  });
}

const file = (text: string) => ({
  name: 'odi-like.json',
  mimeType: 'application/json',
  buffer: Buffer.from(text),
});

test('an admin adds a clinic questionnaire: a file with errors is refused with each error, the fixed file is listed, a new version is a new row', async ({
  page,
}) => {
  await signInAs(page, DEMO.admin);
  await page.getByRole('link', { name: 'Questionnaires' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Questionnaires' })).toBeVisible();
  const table = page.getByRole('region', { name: 'Questionnaires', exact: true });
  await expect(table).toContainText('Patient-Specific Functional Scale (PSFS)');
  await expect(table).toContainText('Keele STarT Back Screening Tool');
  await expectNoSeriousA11yViolations(page);

  // A file with two mistakes: both are listed, by field, and nothing is added.
  await page.getByLabel('Definition file').setInputFiles(file(odiLike(1, { broken: true })));
  await expect(page.getByLabel('Definition (JSON)')).toHaveValue(/odi-like/);
  await page.getByRole('button', { name: 'Add questionnaire' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'The file has 2 problems; nothing was added.' }),
  ).toBeVisible();
  await expect(page.getByText('citation: is required')).toBeVisible();
  await expect(page.getByText('items[1].options[1].value: must be a number')).toBeVisible();
  await expect(page.getByLabel('Definition (JSON)')).toHaveAttribute('aria-invalid', 'true');
  // What was sent is still there to correct.
  await expect(page.getByLabel('Definition (JSON)')).toHaveValue(/odi-like/);
  await expect(table).not.toContainText(`ODI-like index ${run}`);
  await expectNoSeriousA11yViolations(page);

  // The fixed file.
  await page.getByLabel('Definition file').setInputFiles(file(odiLike(1)));
  await page.getByRole('button', { name: 'Add questionnaire' }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: `ODI-like index ${run} (version 1) has been added.` }),
  ).toBeVisible();
  const rows = table.getByRole('row').filter({ hasText: ID });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Added by the clinic');
  await expect(page.getByLabel('Definition (JSON)')).toHaveValue('');
  await expectNoSeriousA11yViolations(page);

  // The same version again is refused; version 2 is a row of its own beside version 1.
  await page.getByLabel('Definition file').setInputFiles(file(odiLike(1)));
  await page.getByRole('button', { name: 'Add questionnaire' }).click();
  await expect(page.getByText(`version: ${ID}@1 already exists`)).toBeVisible();
  await page.getByLabel('Definition file').setInputFiles(file(odiLike(2)));
  await page.getByRole('button', { name: 'Add questionnaire' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: '(version 2) has been added.' }),
  ).toBeVisible();
  await expect(rows).toHaveCount(2);

  await page.goto('/admin/audit');
  const audited = page.getByRole('row').filter({ hasText: `${ID}@2` });
  await expect(audited).toContainText('Questionnaire added');
  await expect(audited).toContainText(`Questionnaire ${ID}@2`);
});
