import { describe, expect, it } from 'vitest';
import type { Fixture } from '@/scripts/bench/fixture';
import { BEGIN, END, latestFullRun, renderBlock, replaceBlock } from '@/scripts/bench/readme';
import type { Results } from '@/scripts/bench/report';
import { patientOf, SaveWorkload } from '@/scripts/bench/saves';
import { treeCpuMs } from '@/scripts/bench/server';
import { openLoopSchedule, percentile, saturation, summarise } from '@/scripts/bench/stats';
import { dependencies, replayTrace, type Trace } from '@/scripts/bench/trace';

describe('percentile (nearest rank)', () => {
  it('takes the value at the rank, not an interpolation', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(10);
  });

  it('is NaN for no values and the value itself for one', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([42], 99)).toBe(42);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it('summarises p50, p95 and p99 of 100 values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarise(values)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99 });
  });
});

describe('open-loop schedule', () => {
  it('spaces 50 a second evenly over 30 s, independent of answers', () => {
    const schedule = openLoopSchedule(50, 30);
    expect(schedule).toHaveLength(1500);
    expect(schedule[0]).toBe(0);
    expect(schedule[1]).toBe(20);
    expect(schedule.at(-1)).toBe(29_980);
    for (let i = 1; i < schedule.length; i++) {
      expect(schedule[i]! - schedule[i - 1]!).toBeCloseTo(20, 9);
    }
  });

  it('is empty for a rate or a duration of nothing', () => {
    expect(openLoopSchedule(0, 30)).toEqual([]);
    expect(openLoopSchedule(50, 0)).toEqual([]);
  });
});

describe('saturation', () => {
  it('is the level with the highest throughput', () => {
    const levels = [1, 4, 16, 64].map((clients, i) => ({
      clients,
      throughput: [90, 140, 130, 120][i]!,
    }));
    expect(saturation(levels)?.clients).toBe(4);
    expect(saturation([])).toBeUndefined();
  });
});

describe('trace replay', () => {
  const statement = (start: number, end: number, text = `at ${start}`) => ({
    text,
    params: [],
    start,
    end,
    session: 0,
  });
  // The record page's shape: the session check, then reads in parallel, one of which waits on another.
  const trace: Trace = [
    statement(0, 10, 'session'),
    statement(11, 20, 'a'),
    statement(11, 30, 'b'),
    statement(21, 25, 'after a'),
  ];

  it('waits for exactly the statements that had answered before each was sent', () => {
    expect(dependencies(trace)).toEqual([[], [0], [0], [0, 1]]);
  });

  it('replays in order and with the captured parallelism', async () => {
    const events: string[] = [];
    const pending = new Map<string, () => void>();
    const replay = replayTrace(trace, (s) => {
      events.push(`start ${s.text}`);
      return new Promise<void>((resolve) =>
        pending.set(s.text, () => {
          events.push(`end ${s.text}`);
          resolve();
        }),
      );
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    await settle();
    expect(events).toEqual(['start session']);
    pending.get('session')!();
    await settle();
    expect(events).toEqual(['start session', 'end session', 'start a', 'start b']);
    pending.get('b')!(); // b answering first does not release "after a"
    await settle();
    expect(events.at(-1)).toBe('end b');
    pending.get('a')!();
    await settle();
    expect(events.slice(-2)).toEqual(['end a', 'start after a']);
    pending.get('after a')!();
    await replay;
  });
});

describe('README block', () => {
  const results: Results = {
    date: '2026-12-03T07:00:00.000Z',
    smoke: false,
    database: 'postgresql',
    rows: [
      {
        figure: 'caseload (200 patients) p95 (4 clients)',
        value: 120.44,
        unit: 'ms',
        floor: 60,
        ratio: 2.0073,
        floorParts: { 'its SQL (3 statements)': 45, 'empty route': 15 },
        target: '≤ 1.5× floor and ≤ 100 ms',
        met: false,
      },
      {
        figure: 'empty route p50 (4 clients)',
        value: 3.2,
        unit: 'ms',
        target: 'reference',
        met: true,
      },
      {
        figure: 'weekly CSV server RSS growth',
        value: 0.1,
        unit: 'MB',
        target: '≤ 50 MB',
        met: true,
      },
      { figure: 'saves errors', value: 0, unit: 'count', target: '0', met: true },
      {
        figure: 'caseload p50, 5 years vs 1 year',
        value: NaN,
        unit: '×',
        target: '≤ 1.2×',
        met: false,
      },
    ],
    saturation: { saves: [{ clients: 4, throughput: 123.45, p50: 20, p95: 40, errors: 0 }] },
    growth: [{ label: '5 years', years: 5, caseloadP50: 50, recordP50: 30 }],
    notes: ['a | pipe'],
  };

  it('renders every figure with its floor, ratio and whether it is met', () => {
    const block = renderBlock(results, 'bench/results/x.json');
    expect(block).toContain('From `bench/results/x.json` (2026-12-03 07:00 UTC, PostgreSQL).');
    expect(block).toContain(
      '| caseload (200 patients) p95 (4 clients) | 120.4 ms | 60.0 ms | 2.01× | ≤ 1.5× floor and ≤ 100 ms | **no** |',
    );
    expect(block).toContain('| empty route p50 (4 clients) | 3.2 ms |  |  | reference |  |');
    expect(block).toContain('| weekly CSV server RSS growth | 0.1 MB |  |  | ≤ 50 MB | yes |');
    expect(block).toContain('| saves errors | 0 |');
    expect(block).toContain('| caseload p50, 5 years vs 1 year | — × |');
    expect(block).toContain(
      '- floor of caseload (200 patients) p95 (4 clients): its SQL (3 statements) 45.0 ms + empty route 15.0 ms',
    );
    expect(block).toContain('| 4 | 123.5 | 20.0 ms | 40.0 ms | 0 |');
    expect(block).toContain('| 5 years | 50.0 ms | 30.0 ms |');
    expect(block).toContain('- note: a | pipe');
  });

  it('replaces only what is between the markers, and again on a second run', () => {
    const readme = `# Title\n\n## Performance\n\n${BEGIN}\nold table\n${END}\n\n## Next\n`;
    const once = replaceBlock(readme, 'new table');
    expect(once).toBe(`# Title\n\n## Performance\n\n${BEGIN}\n\nnew table\n\n${END}\n\n## Next\n`);
    expect(replaceBlock(once, 'new table')).toBe(once);
  });

  it('says what to add when a marker is missing', () => {
    expect(() => replaceBlock('# no markers', 'x')).toThrow(/no benchmark block/);
    expect(() => replaceBlock(`${END}\n${BEGIN}`, 'x')).toThrow(/no benchmark block/);
  });

  it('takes the newest full run, never a smoke or single-phase run', () => {
    expect(
      latestFullRun([
        '2026-12-02T19-03-06-106Z.json',
        '2026-12-03T06-00-00-000Z-smoke.json',
        '2026-12-03T06-10-00-000Z-only-pages.json',
        '2026-12-02T18-58-35-217Z.json',
        'notes.txt',
      ]),
    ).toBe('2026-12-02T19-03-06-106Z.json');
    expect(latestFullRun([])).toBeUndefined();
  });
});

describe('save workload', () => {
  const fixture: Fixture = {
    physioId: 'physio',
    recordPatientId: 'p0',
    loggerEmails: ['a@bench.test', 'b@bench.test'],
    loggerIds: ['pa', 'pb'],
    exerciseId: 'e',
    plans: new Map([
      ['a@bench.test', new Map([['2026-12-03', [{ id: 'i1', exerciseId: 'e1', timesPerDay: 2 }]]])],
      ['b@bench.test', new Map([['2026-12-03', [{ id: 'i2', exerciseId: 'e2', timesPerDay: 3 }]]])],
    ]),
  };

  it('alternates each patient between all done and all undone, so every save writes', () => {
    const workload = new SaveWorkload(fixture, '2026-12-03');
    const change = (p: number) => JSON.parse(workload.body(p)).exercises;
    expect(change(0)).toEqual({ i1: { exerciseId: 'e1', change: 2 } });
    expect(change(1)).toEqual({ i2: { exerciseId: 'e2', change: 3 } });
    expect(change(0)).toEqual({ i1: { exerciseId: 'e1', change: -2 } });
    expect(change(0)).toEqual({ i1: { exerciseId: 'e1', change: 2 } });
    expect(change(1)).toEqual({ i2: { exerciseId: 'e2', change: -3 } });
  });

  it('gives each save its own key, for the day benchmarked', () => {
    const workload = new SaveWorkload(fixture, '2026-12-03');
    const first = JSON.parse(workload.body(0));
    const second = JSON.parse(workload.body(0));
    expect(first.idempotencyKey).not.toBe(second.idempotencyKey);
    expect(first.date).toBe('2026-12-03');
  });

  it('never lets two workers save for the same patient while there are enough patients', () => {
    for (const clients of [1, 4, 16, 64]) {
      const owner = new Map<number, number>();
      for (let worker = 0; worker < clients; worker++) {
        for (let n = 0; n < 20; n++) {
          const p = patientOf(worker, n, clients, 200);
          expect(owner.get(p) ?? worker).toBe(worker);
          owner.set(p, worker);
        }
      }
    }
  });
});

describe('server CPU per request', () => {
  it("counts the CPU time of the server's worker processes, those that ended too", async () => {
    const { spawn } = await import('node:child_process');
    // A parent that does nothing and a child (its "worker") that spins for 400 ms.
    const parent = spawn(process.execPath, [
      '-e',
      `const c = require('node:child_process').spawn(process.execPath, ['-e',
         'const end = Date.now() + 400; while (Date.now() < end) {}'],
         { stdio: 'inherit' });
       c.on('exit', () => setTimeout(() => process.exit(0), 2000));
       process.stdout.write('started\\n');`,
    ]);
    await new Promise((resolve) => parent.stdout!.once('data', resolve));
    const before = treeCpuMs(parent.pid!);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const spent = treeCpuMs(parent.pid!) - before;
    parent.kill();
    expect(spent).toBeGreaterThan(250);
    expect(spent).toBeLessThan(1000);
  });
});
