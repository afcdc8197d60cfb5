import { describe, expect, it } from 'vitest';
import { landingPath } from '@/lib/role-home';

describe('landingPath', () => {
  it('sends each role to its home without a callback', () => {
    expect(landingPath('admin', undefined)).toBe('/admin');
    expect(landingPath('physio', null)).toBe('/physio');
    expect(landingPath('patient', '')).toBe('/patient');
  });

  it('returns to a page of the same role, keeping its query', () => {
    expect(landingPath('physio', '/physio/patients/42?tab=notes')).toBe(
      '/physio/patients/42?tab=notes',
    );
    expect(landingPath('admin', '/admin')).toBe('/admin');
  });

  it("ignores another role's area, so nobody lands on a not-found page", () => {
    expect(landingPath('patient', '/physio')).toBe('/patient');
    expect(landingPath('physio', '/administrator')).toBe('/physio');
  });

  it('refuses anything that would leave the site', () => {
    for (const url of [
      'https://evil.example/physio',
      '//evil.example/physio',
      '/\\evil.example/physio',
      'javascript:alert(1)',
      'physio',
    ]) {
      expect(landingPath('physio', url)).toBe('/physio');
    }
  });
});
