import { describe, expect, it } from 'vitest';
import { WEB_APP_MANIFEST } from '@/lib/offline/manifest';
import {
  SERVICE_WORKER_SCOPE,
  isBuildAsset,
  isKeepableAnswer,
  isPatientPage,
} from '@/lib/offline/scope';

const ORIGIN = 'https://adhere.test';
const candidate = (
  path: string,
  method = 'GET',
  sameOrigin = true,
  headers: Record<string, string> = {},
) => ({
  url: new URL(path, ORIGIN),
  request: { method, headers: new Headers(headers) },
  sameOrigin,
});

describe("what the patient's service worker may keep", () => {
  it("keeps the patient's pages, Today included, and their client-navigation data", () => {
    for (const path of ['/patient', '/patient/progress', '/patient?_rsc=1x2y', '/patient/']) {
      expect(isPatientPage(candidate(path)), path).toBe(true);
    }
  });

  it('does not keep a page Next.js only prefetched', () => {
    const rsc = { rsc: '1' };
    expect(isPatientPage(candidate('/patient?date=2026-12-01&_rsc=1', 'GET', true, rsc))).toBe(
      true,
    );
    const prefetch = { ...rsc, 'next-router-prefetch': '1' };
    expect(isPatientPage(candidate('/patient?date=2026-12-01&_rsc=1', 'GET', true, prefetch))).toBe(
      false,
    );
  });

  it('never keeps a staff page, an API or FHIR answer, sign-in, or any POST', () => {
    for (const path of [
      '/physio',
      '/physio/patients/1',
      '/admin',
      '/admin/accounts/1',
      '/api/patient/day-log',
      '/api/patient/my-data/record.fhir.json',
      '/fhir/R4/Patient/1',
      '/login',
      '/',
      '/patients',
      '/patient-notes',
    ]) {
      expect(isPatientPage(candidate(path)), path).toBe(false);
      expect(isBuildAsset(candidate(path)), path).toBe(false);
    }
    expect(isPatientPage(candidate('/patient', 'POST'))).toBe(false);
    expect(isBuildAsset(candidate('/_next/static/chunks/a.js', 'POST'))).toBe(false);
  });

  it('keeps the build’s static files, from this origin only', () => {
    expect(isBuildAsset(candidate('/_next/static/chunks/0a1b.js'))).toBe(true);
    expect(isBuildAsset(candidate('/_next/static/chunks/0a1b.js', 'GET', false))).toBe(false);
    expect(isPatientPage(candidate('/patient', 'GET', false))).toBe(false);
  });

  it('keeps only a page the server rendered: no redirect to sign-in, no error', () => {
    expect(isKeepableAnswer({ status: 200, type: 'basic', redirected: false })).toBe(true);
    expect(isKeepableAnswer({ status: 200, type: 'basic', redirected: true })).toBe(false);
    expect(isKeepableAnswer({ status: 0, type: 'opaqueredirect', redirected: false })).toBe(false);
    expect(isKeepableAnswer({ status: 404, type: 'basic', redirected: false })).toBe(false);
    expect(isKeepableAnswer({ status: 500, type: 'basic', redirected: false })).toBe(false);
    expect(isKeepableAnswer({ status: 200, type: 'opaque', redirected: false })).toBe(false);
  });
});

describe('the web app manifest', () => {
  it("opens on the patient's Today, standing alone, within the worker's scope", () => {
    expect(WEB_APP_MANIFEST).toMatchObject({
      name: 'Adhere',
      short_name: 'Adhere',
      display: 'standalone',
      start_url: '/patient',
      scope: '/patient',
    });
    expect(WEB_APP_MANIFEST.scope).toBe(SERVICE_WORKER_SCOPE);
    expect(isPatientPage(candidate(WEB_APP_MANIFEST.start_url!))).toBe(true);
  });

  it('names a 192 px and a 512 px icon and a maskable one', () => {
    const icons = WEB_APP_MANIFEST.icons ?? [];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
  });
});
