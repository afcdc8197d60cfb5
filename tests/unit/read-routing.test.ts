import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { chooseReadSource, DEFAULT_MAX_REPLICA_LAG_SECONDS } from '@/lib/read-routing';

const standby = (lagSeconds: number | null, streaming: boolean | null = true) =>
  ({ reachable: true, standby: true, streaming, lagSeconds }) as const;

describe('where heavy reads go', () => {
  it('reads the primary when no replica is configured', () => {
    expect(chooseReadSource(null)).toEqual({ source: 'primary', reason: 'no replica configured' });
  });

  it('reads a streaming standby that is current or within the allowed lag', () => {
    expect(chooseReadSource(standby(0))).toEqual({ source: 'replica', lagSeconds: 0 });
    expect(chooseReadSource(standby(DEFAULT_MAX_REPLICA_LAG_SECONDS))).toEqual({
      source: 'replica',
      lagSeconds: DEFAULT_MAX_REPLICA_LAG_SECONDS,
    });
    // Lag is not visible to every role; replay state still is.
    expect(chooseReadSource(standby(2, null), 5)).toEqual({ source: 'replica', lagSeconds: 2 });
    // Clock skew between the servers makes a tiny negative age: counted as current.
    expect(chooseReadSource(standby(-0.2))).toEqual({ source: 'replica', lagSeconds: 0 });
  });

  it('falls back to the primary when the replica is too far behind', () => {
    expect(chooseReadSource(standby(31), 30)).toEqual({
      source: 'primary',
      reason: 'replica too far behind',
      lagSeconds: 31,
    });
    expect(chooseReadSource(standby(1), 0)).toMatchObject({ source: 'primary' });
  });

  it('falls back to the primary when the replica is away, promoted, cut off or says nothing', () => {
    expect(chooseReadSource({ reachable: false })).toEqual({
      source: 'primary',
      reason: 'replica unreachable',
    });
    expect(
      chooseReadSource({ reachable: true, standby: false, streaming: false, lagSeconds: 0 }),
    ).toEqual({ source: 'primary', reason: 'replica is not a standby' });
    expect(chooseReadSource(standby(0, false))).toEqual({
      source: 'primary',
      reason: 'replica not streaming from the primary',
    });
    expect(chooseReadSource(standby(null))).toEqual({
      source: 'primary',
      reason: 'replica lag unknown',
    });
    expect(chooseReadSource(standby(Number.NaN))).toMatchObject({ reason: 'replica lag unknown' });
  });
});

describe('DATABASE_REPLICA_URL', () => {
  const primary = 'postgres://adhere@db:5432/adhere';

  it('is optional and takes a PostgreSQL URL beside DATABASE_URL', () => {
    expect(parseEnv({ DATABASE_URL: primary }).DATABASE_REPLICA_URL).toBeUndefined();
    const env = parseEnv({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URL: 'postgres://adhere@replica:5432/adhere',
      DATABASE_REPLICA_MAX_LAG_SECONDS: '10',
    });
    expect(env.DATABASE_REPLICA_URL).toBe('postgres://adhere@replica:5432/adhere');
    expect(env.DATABASE_REPLICA_MAX_LAG_SECONDS).toBe(10);
    expect(parseEnv({ DATABASE_URL: primary }).DATABASE_REPLICA_MAX_LAG_SECONDS).toBe(
      DEFAULT_MAX_REPLICA_LAG_SECONDS,
    );
  });

  it('says what is wrong with a bad value', () => {
    expect(() =>
      parseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_URL: 'mysql://replica/adhere' }),
    ).toThrow(/DATABASE_REPLICA_URL: must be a PostgreSQL URL of a read replica/);
    expect(() => parseEnv({ DATABASE_REPLICA_URL: 'postgres://replica/adhere' })).toThrow(
      /DATABASE_REPLICA_URL: needs DATABASE_URL/,
    );
    expect(() =>
      parseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_MAX_LAG_SECONDS: 'soon' }),
    ).toThrow(/DATABASE_REPLICA_MAX_LAG_SECONDS: must be a whole number of seconds/);
  });
});

describe('reconnecting while the database is away', () => {
  it('retries soon, doubling, and never waits more than a second between attempts', async () => {
    const { reconnectDelaySeconds } = await import('@/db/client');
    expect([1, 2, 3, 4, 5].map(reconnectDelaySeconds)).toEqual([0.05, 0.1, 0.2, 0.4, 0.8]);
    expect(reconnectDelaySeconds(6)).toBe(1);
    expect(reconnectDelaySeconds(500)).toBe(1);
    expect(reconnectDelaySeconds(0)).toBe(0.05);
  });
});
