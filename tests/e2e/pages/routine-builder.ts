import { expect, type Locator, type Page } from '@playwright/test';

/** The builder as a physio uses it: by its regions, labels and buttons. */
export class RoutineBuilderPage {
  constructor(readonly page: Page) {}

  get items(): Locator {
    return this.page.getByRole('region', { name: /^Exercises/ }).getByRole('listitem');
  }

  item(exercise: string): Locator {
    return this.page.getByRole('listitem', { name: new RegExp(`^\\d+\\. ${escape(exercise)}$`) });
  }

  async removeAll() {
    while ((await this.items.count()) > 0) {
      await this.items
        .first()
        .getByRole('button', { name: /^Remove: / })
        .click();
    }
  }

  async add(search: string, exercise: string) {
    const picker = this.page.getByRole('region', { name: 'Add exercises' });
    await picker.getByLabel('Search by name').fill(search);
    await picker.getByRole('button', { name: `Add ${exercise}`, exact: true }).click();
    await expect(this.item(exercise)).toBeVisible();
  }

  async dose(
    exercise: string,
    dose: { sets?: string; reps?: string; hold?: string; timesPerDay?: string; note?: string },
  ) {
    const item = this.item(exercise);
    if (dose.sets !== undefined) await item.getByLabel(/^Sets/).fill(dose.sets);
    if (dose.reps !== undefined) await item.getByLabel(/^Reps/).fill(dose.reps);
    if (dose.hold !== undefined) await item.getByLabel(/^Hold/).fill(dose.hold);
    if (dose.timesPerDay) await item.getByLabel(/^Times per day/).selectOption(dose.timesPerDay);
    if (dose.note !== undefined) await item.getByLabel(/^Note for the patient/).fill(dose.note);
  }

  async days(exercise: string, days: string[]) {
    const item = this.item(exercise);
    await item.getByRole('checkbox', { name: 'Every day' }).uncheck();
    for (const day of days) await item.getByRole('checkbox', { name: day, exact: true }).check();
  }

  async save() {
    await this.page.getByRole('button', { name: /^Save (routine|new version)$/ }).click();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
