import type { Page } from '@playwright/test';
import { DEMO, expect, expectNoSeriousA11yViolations, signInAs, test } from './fixtures';

const OTHER_PHYSIO = 'physio2@demo.test';

/** The library's list of cards, by their headings (each card's name is a heading with a link). */
function cardNames(page: Page) {
  return page.getByRole('main').getByRole('listitem').getByRole('heading', { level: 2 });
}

async function applyFilters(
  page: Page,
  filters: { search?: string; region?: string; archived?: boolean },
) {
  const search = page.getByRole('search', { name: 'Exercises' });
  await search.getByLabel('Search by name').fill(filters.search ?? '');
  await search.getByLabel('Body region').selectOption({ label: filters.region ?? 'All regions' });
  await search.getByLabel('Show archived').setChecked(filters.archived ?? false);
  await search.getByRole('button', { name: 'Apply' }).click();
}

test.describe('exercise library', () => {
  test('a physio browses, searches and filters the library and reads a shipped exercise', async ({
    page,
  }) => {
    await signInAs(page, DEMO.physio);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Exercise library' })
      .click();
    await expect(page).toHaveURL(/\/physio\/exercises$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Exercise library' })).toBeVisible();
    await expect(cardNames(page).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await applyFilters(page, { search: 'bridge' });
    await expect(page).toHaveURL(/search=bridge/);
    await expect(
      page.getByRole('link', { name: 'Bridge with single-leg extension' }),
    ).toBeVisible();
    for (const name of await cardNames(page).allInnerTexts()) {
      expect(name.toLowerCase()).toContain('bridge');
    }
    await expect(page.getByRole('status').filter({ hasText: 'matching “bridge”' })).toBeVisible();

    await applyFilters(page, { region: 'Legs' });
    await expect(page).toHaveURL(/region=legs/);
    await expect(page.getByRole('link', { name: 'Wall squat' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Bridge with single-leg extension' })).toHaveCount(
      0,
    );
    await expect(page.getByLabel('Body region')).toHaveValue('legs');

    // The view is in the URL, so it can be bookmarked and reloaded.
    await page.reload();
    await expect(page.getByRole('link', { name: 'Wall squat' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Glute bridge' })).toHaveCount(0);

    await page.goto('/physio/exercises?search=press-up');
    await page.getByRole('link', { name: 'Prone press-up (lumbar extension)' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Prone press-up (lumbar extension)' }),
    ).toBeVisible();
    const patientView = page.getByRole('region', { name: 'As your patient sees it' });
    await expect(patientView.getByRole('listitem').first()).toContainText('Lie face down');
    await expect(patientView.getByText('1 × 10, hold 2 s')).toBeVisible();
    await expect(page.getByText('Shipped with Adhere').first()).toBeVisible();
    await expect(page.getByRole('link', { name: /^Edit/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Archive/ })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);
  });

  test('a physio creates, edits and archives an exercise of their own, which nobody else sees', async ({
    page,
    browser,
  }) => {
    const name = `Wall slide ${Date.now().toString(36)}`;
    await signInAs(page, DEMO.physio);
    await page.goto('/physio/exercises');
    await page.getByRole('link', { name: 'New exercise' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New exercise' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    // Bad input first: everything typed stays, every problem is named at its field.
    const instructions = '1. Stand with your back against a wall.\n2. Slide down a little.';
    await page.getByLabel('Name', { exact: true }).fill('');
    await page.getByLabel('Instructions').fill(instructions);
    await page.getByLabel('Sets').fill('0');
    await page.getByLabel('Reps').fill('500');
    await page.getByLabel(/^Hold/).fill('5');
    await page.getByRole('button', { name: 'Save exercise' }).click();

    const summary = page.locator('form').getByRole('alert');
    await expect(summary).toContainText('Please check the highlighted fields.');
    await expect(summary).toBeFocused();
    const nameField = page.getByLabel('Name', { exact: true });
    await expect(nameField).toHaveAttribute('aria-invalid', 'true');
    await expect(nameField).toHaveAccessibleDescription('Enter a name.');
    await expect(page.getByLabel('Body region')).toHaveAccessibleDescription(
      'Choose a body region.',
    );
    await expect(page.getByLabel('Sets')).toHaveAccessibleDescription(
      'Sets must be a whole number from 1 to 20.',
    );
    await expect(page.getByLabel('Reps')).toHaveAccessibleDescription(
      'Reps must be a whole number from 1 to 100.',
    );
    await expect(page.getByLabel('Sets')).toHaveValue('0');
    await expect(page.getByLabel('Reps')).toHaveValue('500');
    await expect(page.getByLabel(/^Hold/)).toHaveValue('5');
    await expect(page.getByLabel('Instructions')).toHaveValue(instructions);
    await expect(page.getByLabel('Instructions')).not.toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousA11yViolations(page);

    await nameField.fill(name);
    await page.getByLabel('Body region').selectOption({ label: 'Legs' });
    await page.getByLabel('Sets').fill('3');
    await page.getByLabel('Reps').fill('12');
    await page.getByRole('button', { name: 'Save exercise' }).click();

    await expect(page).toHaveURL(/\/physio\/exercises\/[0-9a-f-]{36}$/);
    const exerciseUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const patientView = page.getByRole('region', { name: 'As your patient sees it' });
    await expect(patientView.getByRole('listitem')).toHaveText([
      'Stand with your back against a wall.',
      'Slide down a little.',
    ]);
    await expect(patientView.getByText('3 × 12, hold 5 s')).toBeVisible();

    // In the list, as "Yours".
    await page.goto('/physio/exercises');
    await applyFilters(page, { search: name });
    const card = page.getByRole('article', { name });
    await expect(card).toBeVisible();
    await expect(card.getByText('Yours')).toBeVisible();
    await expect(card).toContainText('Legs');

    // Edit it.
    await card.getByRole('link', { name }).click();
    await page.getByRole('link', { name: `Edit ${name}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Edit exercise' })).toBeVisible();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
    await expect(page.getByLabel('Reps')).toHaveValue('12');
    await expectNoSeriousA11yViolations(page);
    const renamed = `${name} (band)`;
    await page.getByLabel('Name', { exact: true }).fill(renamed);
    await page.getByLabel('Reps').fill('101');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByLabel('Reps')).toHaveAccessibleDescription(
      'Reps must be a whole number from 1 to 100.',
    );
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(renamed);
    await page.getByLabel('Reps').fill('15');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(new RegExp(`${exerciseUrl}$`));
    await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
    await expect(patientView.getByText('3 × 15, hold 5 s')).toBeVisible();

    // Archive it: gone from the library, back with "Show archived".
    await page.getByRole('button', { name: `Archive ${renamed}` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'is archived' })).toBeVisible();
    await expect(page.getByRole('button', { name: `Restore ${renamed}` })).toBeVisible();
    await page.goto('/physio/exercises');
    await applyFilters(page, { search: name });
    await expect(page.getByText('No exercises match these filters.')).toBeVisible();
    await applyFilters(page, { search: name, archived: true });
    await expect(page).toHaveURL(/archived=show/);
    const archived = page.getByRole('article', { name: renamed });
    await expect(archived.getByText('Archived')).toBeVisible();

    // Another physio gets "Exercise not found"; a patient, the plain 404 of an area not theirs.
    // (Under app/physio/loading.tsx the page streams, so a page-level notFound() renders the
    // not-found UI with status 200; the role check in the layout runs first and gives a real 404.)
    const colleague = await browser.newContext();
    const other = await colleague.newPage();
    await signInAs(other, OTHER_PHYSIO);
    for (const path of [exerciseUrl, `${exerciseUrl}/edit`]) {
      await other.goto(path);
      await expect(
        other.getByRole('heading', { level: 1, name: 'Exercise not found' }),
      ).toBeVisible();
      await expect(other.getByText(renamed)).toHaveCount(0);
    }
    await other.goto(`/physio/exercises?search=${encodeURIComponent(name)}&archived=show`);
    await expect(other.getByText('No exercises match these filters.')).toBeVisible();
    await colleague.close();

    const patientContext = await browser.newContext();
    const patient = await patientContext.newPage();
    await signInAs(patient, DEMO.patient);
    for (const path of ['/physio/exercises', exerciseUrl, `${exerciseUrl}/edit`]) {
      const response = await patient.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(patient.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      await expect(patient.getByText(renamed)).toHaveCount(0);
    }
    await patientContext.close();

    // Restore it.
    await archived.getByRole('link', { name: renamed }).click();
    await page.getByRole('button', { name: `Restore ${renamed}` }).click();
    await expect(page.getByRole('button', { name: `Archive ${renamed}` })).toBeVisible();
  });

  test('a shipped exercise has no edit page', async ({ page }) => {
    await signInAs(page, DEMO.physio);
    await page.goto('/physio/exercises?search=Pelvic+tilt');
    await page.getByRole('link', { name: 'Pelvic tilt' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Pelvic tilt' })).toBeVisible();
    await page.goto(`${new URL(page.url()).pathname}/edit`);
    await expect(page.getByRole('heading', { level: 1, name: 'Exercise not found' })).toBeVisible();
    await expect(page.getByLabel('Instructions')).toHaveCount(0);
  });
});
