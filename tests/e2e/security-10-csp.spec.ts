import type { APIResponse, Browser, BrowserContext, Page, Response } from '@playwright/test';
import { DEMO, expect, signInAs, test } from './fixtures';
import { RoutineBuilderPage } from './pages/routine-builder';

// Runs against the production build (the e2e server): there the policy has no 'unsafe-inline' or
// 'unsafe-eval' for scripts, so a script without this request's nonce would be refused, and the
// browser would say so. Every page of every role is opened and used; none may report a violation.

const DEMO_PATIENT_NAME = 'Sam Whitfield';
const PRESS_UP = 'Prone press-up (lumbar extension)';

type Directives = Map<string, string[]>;

function parsePolicy(policy: string): Directives {
  const directives: Directives = new Map();
  for (const directive of policy.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The sources that govern scripts: script-src, or default-src when there is none. */
function scriptSources(directives: Directives): string[] {
  return directives.get('script-src') ?? directives.get('default-src') ?? [];
}

function policiesOf(headers: { name: string; value: string }[]): string[] {
  return headers
    .filter((header) => header.name.toLowerCase() === 'content-security-policy')
    .map((header) => header.value);
}

/** Everything the browser says about the policy, for all pages of one browser context. */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('reportCspViolation', (source, report: string) => {
    violations.push(`${source.page?.url() ?? '?'}: ${report}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation(text: string): void })
        .reportCspViolation;
      report(
        `${event.effectiveDirective} refused ${event.blockedURI || 'inline code'}` +
          ` (${event.sourceFile || 'document'}:${event.lineNumber})`,
      );
    });
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
      violations.push(`${message.page()?.url() ?? '?'}: console: ${message.text()}`);
    }
  });
  return violations;
}

/** A page's response: one strict policy with a nonce, carried by every script in its HTML. */
async function expectStrictPagePolicy(response: Response | null, path: string): Promise<string> {
  expect(response, path).not.toBeNull();
  const headers = await response!.headersArray();
  const policies = policiesOf(headers);
  expect(policies, `${path}: exactly one Content-Security-Policy header`).toHaveLength(1);
  const directives = parsePolicy(policies[0]!);
  const scripts = scriptSources(directives);
  expect(scripts, `${path}: script-src`).toContain("'strict-dynamic'");
  expect(scripts, `${path}: script-src`).not.toContain("'unsafe-inline'");
  expect(scripts, `${path}: script-src`).not.toContain("'unsafe-eval'");
  const nonces = scripts.filter((source) => source.startsWith("'nonce-"));
  expect(nonces, `${path}: one nonce in script-src`).toHaveLength(1);
  const nonce = /^'nonce-([A-Za-z0-9+/=_-]{22,})'$/.exec(nonces[0]!)?.[1];
  expect(nonce, `${path}: a nonce of at least 128 bits`).toBeDefined();
  expect(directives.get('object-src'), path).toEqual(["'none'"]);
  expect(directives.get('base-uri'), path).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors'), path).toEqual(["'none'"]);
  expect(directives.get('form-action'), path).toEqual(["'self'"]);
  expectOtherHeaders(headers, path);

  // Next.js puts the nonce on its own scripts: every script the server wrote carries this one.
  const html = await response!.text();
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length, `${path}: scripts in the page`).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, path).toContain(` nonce="${nonce}"`);
  return nonce!;
}

function expectOtherHeaders(headers: { name: string; value: string }[], path: string) {
  const header = (name: string) =>
    headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  expect(header('x-content-type-options'), path).toBe('nosniff');
  expect(header('x-frame-options'), path).toBe('DENY');
  expect(header('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
  expect(header('strict-transport-security'), path).toMatch(/max-age=\d{7,}/);
}

/** A route handler's answer (CSV, PDF, JSON) is never a document that may run scripts. */
function expectRouteHandlerHeaders(response: APIResponse, path: string) {
  expect(response.status(), path).toBe(200);
  const headers = response.headersArray();
  const policies = policiesOf(headers);
  expect(policies, `${path}: exactly one Content-Security-Policy header`).toHaveLength(1);
  const directives = parsePolicy(policies[0]!);
  expect(scriptSources(directives), `${path}: scripts`).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors'), path).toEqual(["'none'"]);
  expectOtherHeaders(headers, path);
}

/**
 * Opens pages in one browser context and checks each one's policy; every nonce seen must be new.
 */
class Visitor {
  private readonly nonces: string[] = [];

  private constructor(
    readonly page: Page,
    readonly violations: string[],
  ) {}

  static async start(browser: Browser, email?: string): Promise<Visitor> {
    const context = await browser.newContext();
    const violations = await watchViolations(context);
    const visitor = new Visitor(await context.newPage(), violations);
    if (email) await signInAs(visitor.page, email);
    return visitor;
  }

  async open(path: string, status = 200): Promise<Page> {
    const response = await this.page.goto(path);
    expect(response?.status(), path).toBe(status);
    await this.expectStrict(response, path);
    return this.page;
  }

  private async expectStrict(response: Response | null, path: string) {
    const nonce = await expectStrictPagePolicy(response, path);
    expect(this.nonces, `${path}: a nonce never sent before`).not.toContain(nonce);
    this.nonces.push(nonce);
  }

  /** No violation reported, once the page has finished what it loads after itself. */
  async finish() {
    await this.page.waitForLoadState('networkidle');
    expect(this.violations).toEqual([]);
    await this.page.context().close();
  }
}

async function expectChartDrawn(page: Page) {
  const chart = page.getByRole('img', { name: /^Weekly adherence and mean pain/ }).first();
  await expect(chart).toBeVisible();
  await expect.poll(() => chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
}

test.describe('Security finding 10: a strict Content-Security-Policy with a per-request nonce', () => {
  test('the sign-in, set-password and not-found pages, and the health check', async ({
    browser,
  }) => {
    const visitor = await Visitor.start(browser);
    const page = await visitor.open('/login');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    // The same page again: a new nonce.
    await visitor.open('/login');
    // A wrong password: the form's script runs and answers.
    await page.getByLabel('Email').fill(DEMO.patient);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('form').getByRole('alert')).toBeVisible();

    await visitor.open('/set-password/this-link-was-never-issued-by-adhere');
    await expect(page.getByRole('heading', { name: 'This link cannot be used' })).toBeVisible();

    await visitor.open('/no-such-page-in-adhere', 404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

    expectRouteHandlerHeaders(await page.request.get('/api/health'), '/api/health');
    await visitor.finish();
  });

  test('a physio: caseload, record and chart, PDF, routine builder, library, an exercise, add patient; the new patient sets a password and logs a day', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const physio = await Visitor.start(browser, DEMO.physio);
    const page = await physio.open('/physio');
    await page.getByLabel('Search by name').fill('whitfield');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
    const href = await page.getByRole('link', { name: DEMO_PATIENT_NAME }).getAttribute('href');
    expect(href).toMatch(/^\/physio\/patients\/[0-9a-f-]{36}$/);

    await physio.open(href!);
    await expect(page.getByRole('heading', { level: 1, name: DEMO_PATIENT_NAME })).toBeVisible();
    await expectChartDrawn(page);
    const pdfPath = `/api/reports${href!.slice('/physio'.length)}/progress.pdf`;
    expectRouteHandlerHeaders(await page.request.get(pdfPath), pdfPath);

    await physio.open(`${href}/routine`);
    await expect(page.getByRole('region', { name: 'Add exercises' })).toBeVisible();

    await physio.open('/physio/exercises');
    await page
      .getByRole('search', { name: 'Exercises' })
      .getByLabel('Search by name')
      .fill('press');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: PRESS_UP }).click();
    await expect(page.getByRole('heading', { level: 1, name: PRESS_UP })).toBeVisible();
    await physio.open(new URL(page.url()).pathname);

    // Adding a patient, and building their routine: two server actions.
    const run = Date.now().toString(36);
    const name = `Nina Nonce ${run}`;
    await physio.open('/physio/patients/new');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill(`nina.${run}@example.org`);
    await page.getByLabel('Condition').fill('Non-specific low back pain, 2 weeks');
    await page.getByRole('button', { name: 'Add patient' }).click();
    const link = await page.getByLabel('Set-password link').inputValue();
    await page.getByRole('link', { name: 'Build their routine' }).click();
    const builder = new RoutineBuilderPage(page);
    await builder.removeAll();
    await page.getByLabel('Title').fill('Extension');
    await builder.add('prone', PRESS_UP);
    await builder.save();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await physio.finish();

    // The patient opens the link, sets a password (a server action, then next-auth), logs today.
    const patient = await Visitor.start(browser);
    const phone = await patient.open(new URL(link).pathname);
    await expect(phone.getByText(`Welcome, ${name}.`)).toBeVisible();
    await phone.getByLabel('New password').fill('my back is getting better');
    await phone.getByLabel('Repeat the password').fill('my back is getting better');
    await phone.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(phone).toHaveURL('/patient');
    await patient.open('/patient');
    await phone
      .getByRole('listitem')
      .filter({ hasText: PRESS_UP })
      .getByRole('button', { name: 'Mark done' })
      .click();
    await phone
      .locator('label')
      .filter({ has: phone.getByRole('radio', { name: '3', exact: true }) })
      .click();
    await phone.getByRole('button', { name: 'Save' }).click();
    await expect(
      phone.getByText(/^Saved: 1 exercise session done, pain 3 out of 10/),
    ).toBeVisible();
    await patient.open('/patient/progress');
    await expect(phone.getByRole('heading', { level: 1, name: 'Your progress' })).toBeVisible();
    await patient.finish();
  });

  test('a patient: today and progress with its chart', async ({ browser }) => {
    const patient = await Visitor.start(browser, DEMO.patient);
    const page = await patient.open('/patient');
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Progress' })
      .click();
    await expect(page).toHaveURL('/patient/progress');
    await expectChartDrawn(page);
    await patient.open('/patient/progress');
    await expectChartDrawn(page);
    await patient.finish();
  });

  test('an admin: accounts, an account, new account, figures, reports and the CSV, audit', async ({
    browser,
  }) => {
    const admin = await Visitor.start(browser, DEMO.admin);
    const page = await admin.open('/admin');
    await page.getByLabel('Search name or email').fill(DEMO_PATIENT_NAME);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: DEMO_PATIENT_NAME, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: DEMO_PATIENT_NAME })).toBeVisible();
    await admin.open(new URL(page.url()).pathname);

    await admin.open('/admin/accounts/new?role=patient');
    await expect(page.getByRole('heading', { level: 1, name: 'New patient' })).toBeVisible();
    // A refused submission: the server action answers under the field, nothing is created.
    await page.getByLabel('Name').fill('Nobody Created');
    await page.getByLabel('Email').fill(DEMO.patient);
    await page.getByLabel('Physiotherapist').selectOption({ label: 'Priya Raman' });
    await page.getByRole('button', { name: 'Create patient account' }).click();
    await expect(page.locator('#email-error')).toHaveText(
      'An account with this email address already exists.',
    );

    await admin.open('/admin/figures');
    await expectChartDrawn(page);

    await admin.open('/admin/reports');
    await expect(page.getByRole('button', { name: 'Download CSV' })).toBeVisible();
    const csv = '/api/reports/weekly.csv';
    expectRouteHandlerHeaders(await page.request.get(csv), csv);

    await admin.open('/admin/audit');
    await page.getByLabel('Who (name, email or API token)').fill(DEMO.admin);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/who=/);
    await expect(page.getByRole('table')).toBeVisible();
    await admin.finish();
  });
});
