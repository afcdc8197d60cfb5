import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { DEMO, expect, signInAs, test } from './fixtures';

// Issue 18, item 1: Adhere installable on the patient's phone, against the production build.
// The patient's pages link the web app manifest and register the service worker (scope /patient);
// staff pages have neither, and the worker keeps nothing but the patient's pages and the build's
// static files. This spec's patient is used by no other spec (it signs out at the end).
const PATIENT = 'patient14@demo.test';

interface CachedEntry {
  cache: string;
  url: string;
}

/** Everything the service worker has kept, as the page's origin sees it. */
function cachedEntries(page: Page): Promise<CachedEntry[]> {
  return page.evaluate(async () => {
    const entries: CachedEntry[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) entries.push({ cache: name, url: request.url });
    }
    return entries;
  });
}

/** The page's registration once its worker has finished activating. */
function activeWorker(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active!;
    if (worker.state !== 'activated') {
      await new Promise((done) => worker.addEventListener('statechange', done, { once: true }));
    }
    return { scope: registration.scope, state: worker.state };
  });
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(body: Buffer): { width: number; height: number } {
  expect(body.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
}

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, email);
  return page;
}

async function expectNoServiceWorker(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await expect(page.locator('link[rel="manifest"]'), path).toHaveCount(0);
  await expect(page.locator('meta[name="theme-color"]'), path).toHaveCount(0);
  const workers = await page.evaluate(async () => ({
    registrations: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
    controlled: navigator.serviceWorker.controller !== null,
  }));
  expect(workers, path).toEqual({ registrations: [], controlled: false });
}

async function expectSignedOutReach(request: APIRequestContext, path: string) {
  const response = await request.get(path, { maxRedirects: 0 });
  expect(response.status(), `${path} signed out`).toBe(200);
  return response;
}

test("a patient's pages link the manifest, whose fields and icons are Adhere's", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const page = await signedInPage(browser, PATIENT);
  await expect(page).toHaveURL(/\/patient$/);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute(
    'href',
    '/manifest.webmanifest',
  );
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
    'href',
    '/icons/apple-touch-icon.png',
  );
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#0f6b5c');

  // A browser fetches the manifest and its icons without cookies: all of it is public.
  const signedOut = await playwright.request.newContext({ baseURL });
  const response = await expectSignedOutReach(signedOut, '/manifest.webmanifest');
  expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = (await response.json()) as {
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  } & Record<string, unknown>;
  expect(manifest).toMatchObject({
    name: 'Adhere',
    short_name: 'Adhere',
    display: 'standalone',
    start_url: '/patient',
    scope: '/patient',
    theme_color: '#0f6b5c',
    background_color: '#f7f8f7',
  });
  expect(manifest.description).toEqual(expect.any(String));
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`).sort()).toEqual([
    '192x192 any',
    '512x512 any',
    '512x512 maskable',
  ]);
  const apple = { src: '/icons/apple-touch-icon.png', sizes: '180x180', type: 'image/png' };
  for (const icon of [...manifest.icons, apple]) {
    const answer = await expectSignedOutReach(signedOut, icon.src);
    expect(answer.headers()['content-type'], icon.src).toBe('image/png');
    expect(icon.type).toBe('image/png');
    const { width, height } = pngSize(await answer.body());
    expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
  }
  await signedOut.dispose();
  await page.context().close();
});

test('the service worker is served as itself, signed out, never stale, never with a query', async ({
  playwright,
  baseURL,
}) => {
  const signedOut = await playwright.request.newContext({ baseURL });
  const response = await expectSignedOutReach(signedOut, '/sw.js');
  const headers = response.headers();
  expect(headers['content-type']).toMatch(/^application\/javascript/);
  expect(headers['cache-control']).toBe('no-cache');
  expect(headers['content-security-policy']).toMatch(/^default-src 'none'; connect-src 'self'/);
  const script = await response.text();
  // Bundled at build time from the app's own code, with no library fetched from a CDN; it
  // precaches the app's icons and nothing else.
  expect(script).not.toMatch(/workbox-cdn|storage\.googleapis|unpkg|jsdelivr/);
  const precached = [...script.matchAll(/url:"([^"]+)",revision:/g)].map((m) => m[1]).sort();
  expect(precached).toEqual([
    '/icons/apple-touch-icon.png',
    '/icons/icon-192.png',
    '/icons/icon-512.png',
    '/icons/icon-maskable-512.png',
  ]);
  const withQuery = await expectSignedOutReach(signedOut, '/sw.js?x=%3Cscript%3E');
  expect(await withQuery.text()).toBe(script);
  await signedOut.dispose();
});

test("the worker becomes active for the patient's pages and keeps none of anyone else's", async ({
  browser,
}) => {
  const page = await signedInPage(browser, PATIENT);
  expect(await activeWorker(page)).toEqual({
    scope: new URL('/patient', page.url()).href,
    state: 'activated',
  });

  // Opened again, Today is in the worker's hands, and kept for when there is no connection.
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
  await page.getByRole('link', { name: 'Progress' }).click();
  await expect(page).toHaveURL(/\/patient\/progress$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // Requests from the patient's own page go through the worker: a staff page, the API, FHIR.
  const statuses = await page.evaluate(async () => {
    const paths = ['/physio', '/admin', '/api/health', '/api/auth/session', '/fhir/R4/metadata'];
    return Promise.all(paths.map(async (path) => (await fetch(path)).status));
  });
  expect(statuses).toHaveLength(5);

  await expect
    .poll(async () => (await cachedEntries(page)).map((e) => new URL(e.url).pathname), {
      message: "Today and Progress are kept in the patient's pages cache",
    })
    .toEqual(expect.arrayContaining(['/patient', '/patient/progress']));
  const entries = await cachedEntries(page);
  const kept = entries.map((e) => `${e.cache} ${new URL(e.url).pathname}`);
  for (const { cache, url } of entries) {
    const { pathname } = new URL(url);
    expect(
      /^\/(?:patient(?:\/|$)|_next\/static\/|icons\/)/.test(pathname),
      `${cache} keeps ${pathname}: ${kept.join(', ')}`,
    ).toBe(true);
  }
  expect(kept.filter((k) => / \/(?:physio|admin|api|fhir|login)(?:\/|$)/.test(k))).toEqual([]);

  // A staff page's address, opened in the patient's own browser, is not the worker's.
  await page.goto('/physio');
  await expect(page).toHaveURL(/\/physio$/);
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();

  // Signing out takes the patient's kept pages off the device.
  await page.goto('/patient');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
  await expect
    .poll(async () => (await cachedEntries(page)).filter((e) => e.cache === 'adhere-patient-pages'))
    .toEqual([]);
  await page.context().close();
});

test("a physio's, an admin's and the sign-in page link no manifest and register no worker", async ({
  browser,
}) => {
  const physio = await signedInPage(browser, DEMO.physio);
  await expectNoServiceWorker(physio, '/physio');
  await expectNoServiceWorker(physio, '/physio/exercises');
  await physio.context().close();

  const admin = await signedInPage(browser, DEMO.admin);
  await expectNoServiceWorker(admin, '/admin');
  await admin.context().close();

  const visitor = await (await browser.newContext()).newPage();
  await expectNoServiceWorker(visitor, '/login');
  await visitor.context().close();
});
