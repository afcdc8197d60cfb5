import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'adhere-demo-password';
export const DEMO = {
  admin: 'admin@demo.test',
  physio: 'physio@demo.test',
  patient: 'patient@demo.test',
} as const;

/** The sign-in page as a person uses it: by its labels and button. */
export class LoginPage {
  constructor(readonly page: Page) {}

  async goto(path = '/login') {
    await this.page.goto(path);
  }

  async signIn(email: string, password = DEMO_PASSWORD) {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** The form's own message (Next.js keeps an empty route-announcer alert on every page). */
  get error() {
    return this.page.locator('form').getByRole('alert');
  }
}

export async function signInAs(page: Page, email: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email);
  await expect(page).not.toHaveURL(/\/login/);
}

export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

export const test = base.extend<{ loginPage: LoginPage }>({
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
});

export { expect };
