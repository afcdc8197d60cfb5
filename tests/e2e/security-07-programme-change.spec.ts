import { expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { addPatientWithRoutine, changeRoutine, PHONE, TodayPage } from './pages/new-patient';

const PRESS_UP = 'Prone press-up (lumbar extension)';
const BRIDGE = 'Bridge with single-leg extension';
const CAT_CAMEL = 'Cat–camel';

test.describe('Security finding 07: a routine change keeps the patient’s open form', () => {
  test('the programme changes between load and Save: pain and note are kept, and today’s programme is shown', async ({
    browser,
  }) => {
    const { patient, page } = await addPatientWithRoutine(browser, {
      title: 'Morning version',
      exercises: [
        { search: 'prone press', name: PRESS_UP },
        { search: 'bridge with', name: BRIDGE },
      ],
      patientContext: PHONE,
    });
    const today = new TodayPage(page);
    await expect(today.exercise(BRIDGE)).toBeVisible();

    // The physio corrects the programme the same day: the bridge goes, the cat–camel comes in.
    await changeRoutine(patient, 'Afternoon version', [
      { search: 'prone press', name: PRESS_UP },
      { search: 'cat camel', name: CAT_CAMEL },
    ]);

    // The patient's phone still shows the morning's version.
    await today.markDone(PRESS_UP);
    await today.markDone(BRIDGE);
    await today.pain(4);
    await today.note.fill('Stiff this morning');
    await today.save();

    await expect(page.getByText("Your programme changed — here is today's.")).toBeVisible();
    await expect(
      page.getByText(`${BRIDGE} is no longer in today's programme, so it was not saved.`),
    ).toBeVisible();
    await expect(
      page.getByText(`${PRESS_UP} is still in today's programme: your tick is kept.`),
    ).toBeVisible();
    await expect(page.getByText('Saved: 1 exercise session done, pain 4 out of 10.')).toBeVisible();

    // Today's programme, with what was kept; the typed note and the pain score are still there.
    await expect(page.getByRole('heading', { name: 'Afternoon version' })).toBeVisible();
    await expect(
      today.exercise(CAT_CAMEL).getByRole('button', { name: 'Mark done' }),
    ).toBeVisible();
    await expect(today.exercise(BRIDGE)).toHaveCount(0);
    await expect(today.doneButton(PRESS_UP)).toHaveAttribute('aria-pressed', 'true');
    await expect(today.painChoice(4)).toBeChecked();
    await expect(today.note).toHaveValue('Stiff this morning');
    await expectNoSeriousA11yViolations(page);

    // And they were stored: a fresh load shows them, and the physio reads the note.
    await page.reload();
    await expect(today.exercise(CAT_CAMEL)).toBeVisible();
    await expect(today.doneButton(PRESS_UP)).toHaveAttribute('aria-pressed', 'true');
    await expect(today.painChoice(4)).toBeChecked();
    await expect(today.note).toHaveValue('Stiff this morning');
    await patient.physio.goto(patient.recordPath);
    await expect(patient.physio.getByText('Stiff this morning')).toBeVisible();
  });
});
