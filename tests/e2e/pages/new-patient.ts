import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { DEMO, LoginPage, signInAs } from '../fixtures';
import { RoutineBuilderPage } from './routine-builder';

export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

export interface RoutineExercise {
  /** What the physio types into the picker's search box. */
  search: string;
  name: string;
  timesPerDay?: '1' | '2' | '3';
}

export interface NewPatient {
  name: string;
  email: string;
  password: string;
  /** The physio's record of the patient, e.g. `/physio/patients/<id>`. */
  recordPath: string;
  /** The physio's page, still signed in, for changing the routine later. */
  physio: Page;
}

/**
 * A patient no other spec knows: the demo physio adds them and saves a routine for today, and the
 * patient sets their password from the link. Returns the patient's first page, already on Today.
 */
export async function addPatientWithRoutine(
  browser: Browser,
  options: { title: string; exercises: RoutineExercise[]; patientContext?: BrowserContextOptions },
): Promise<{ patient: NewPatient; page: Page }> {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const name = `Dana Device ${stamp}`;
  const email = `dana.${stamp}@example.org`;
  const password = 'two phones one back';

  const physio = await (await browser.newContext()).newPage();
  await signInAs(physio, DEMO.physio);
  await physio.goto('/physio/patients/new');
  await physio.getByLabel('Name').fill(name);
  await physio.getByLabel('Email').fill(email);
  await physio.getByLabel('Condition').fill('Non-specific low back pain');
  await physio.getByRole('button', { name: 'Add patient' }).click();
  const link = await physio.getByLabel('Set-password link').inputValue();
  await physio.getByRole('link', { name: 'Build their routine' }).click();
  await saveRoutine(physio, options.title, options.exercises);
  // Saved, the builder hands over to the patient's record.
  await expect(physio).toHaveURL(/\/physio\/patients\/[0-9a-f-]{36}$/);
  await expect(physio.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
  const recordPath = new URL(physio.url()).pathname;

  const page = await (await browser.newContext(options.patientContext)).newPage();
  await page.goto(link);
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(page).toHaveURL('/patient');
  return { patient: { name, email, password, recordPath, physio }, page };
}

/** The physio replaces the patient's programme with these exercises (once a day unless said). */
export async function changeRoutine(patient: NewPatient, title: string, list: RoutineExercise[]) {
  await patient.physio.goto(`${patient.recordPath}/routine`);
  await saveRoutine(patient.physio, title, list);
  await expect(patient.physio).toHaveURL(patient.recordPath);
}

async function saveRoutine(physio: Page, title: string, list: RoutineExercise[]) {
  const builder = new RoutineBuilderPage(physio);
  await builder.removeAll();
  await physio.getByLabel('Title').fill(title);
  for (const exercise of list) {
    await builder.add(exercise.search, exercise.name);
    if (exercise.timesPerDay)
      await builder.dose(exercise.name, { timesPerDay: exercise.timesPerDay });
  }
  await builder.save();
}

/** The same patient on another device: a fresh browser context that signs in. */
export async function signInOnAnotherDevice(
  browser: Browser,
  patient: NewPatient,
  context?: BrowserContextOptions,
): Promise<Page> {
  const page = await (await browser.newContext(context)).newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(patient.email, patient.password);
  await expect(page).toHaveURL('/patient');
  return page;
}

/** Today's page as the patient uses it: exercise cards, the pain scale, the note, Save. */
export class TodayPage {
  constructor(readonly page: Page) {}

  /** An exercise's card (found by its heading, so a message that names it is not mistaken for it). */
  exercise(name: string) {
    return this.page
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('heading', { name, exact: true }) });
  }

  async markDone(name: string) {
    await this.exercise(name).getByRole('button', { name: 'Mark done' }).click();
  }

  async oneMore(name: string) {
    await this.exercise(name)
      .getByRole('button', { name: `One more ${name}` })
      .click();
  }

  doneButton(name: string) {
    return this.exercise(name).getByRole('button', { name: /^Done/ });
  }

  counter(name: string) {
    return this.exercise(name).locator('output');
  }

  async pain(score: number) {
    // A person taps the visible box, which is the radio's label.
    await this.page
      .locator('label')
      .filter({ has: this.page.getByRole('radio', { name: String(score), exact: true }) })
      .click();
  }

  painChoice(score: number) {
    return this.page.getByRole('radio', { name: String(score), exact: true });
  }

  get note() {
    return this.page.getByLabel(/Note for your physiotherapist/);
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save', exact: true }).click();
  }
}
