import { describe, expect, it } from 'vitest';
import { workerCount } from '@/scripts/server/workers.mjs';

const POSTGRES = { DATABASE_URL: 'postgres://db.invalid/adhere' };

describe('WEB_CONCURRENCY: how many worker processes the production server runs', () => {
  it('is one process when unset or empty, as before', () => {
    expect(workerCount({ ...POSTGRES }, 8)).toEqual({ count: 1, ignored: false });
    expect(workerCount({ ...POSTGRES, WEB_CONCURRENCY: ' ' }, 8)).toEqual({
      count: 1,
      ignored: false,
    });
  });

  it('takes a whole number, or "auto" for one per core', () => {
    expect(workerCount({ ...POSTGRES, WEB_CONCURRENCY: '3' }, 8).count).toBe(3);
    expect(workerCount({ ...POSTGRES, WEB_CONCURRENCY: 'auto' }, 2).count).toBe(2);
  });

  it('stays one process on the embedded database, and says the setting was ignored', () => {
    expect(workerCount({ WEB_CONCURRENCY: '4' }, 8)).toEqual({ count: 1, ignored: true });
    expect(workerCount({ WEB_CONCURRENCY: '1' }, 8)).toEqual({ count: 1, ignored: false });
  });

  it('refuses anything else with a message naming the setting', () => {
    for (const bad of ['0', '-2', '1.5', 'two', '65']) {
      expect(() => workerCount({ ...POSTGRES, WEB_CONCURRENCY: bad }, 8)).toThrow(
        /WEB_CONCURRENCY must be a whole number from 1 to 64, or "auto"/,
      );
    }
  });
});
