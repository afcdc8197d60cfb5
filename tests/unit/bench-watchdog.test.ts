import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchdog } from '@/scripts/bench/watchdog';

describe("the benchmark's watchdog", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('names the step that went past the limit', () => {
    const onStuck = vi.fn();
    const dog = watchdog({ limitMs: 1000, onStuck });
    dog.step('pages…');
    vi.advanceTimersByTime(999);
    expect(onStuck).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onStuck).toHaveBeenCalledExactlyOnceWith('pages…', 1000);
  });

  it('gives every step the whole limit: a run of quick steps is not stuck', () => {
    const onStuck = vi.fn();
    const dog = watchdog({ limitMs: 1000, onStuck });
    for (const what of ['build', 'pages', 'saves', 'floors']) {
      dog.step(what);
      vi.advanceTimersByTime(900);
    }
    expect(onStuck).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(onStuck).toHaveBeenCalledExactlyOnceWith('floors', 1000);
  });

  it('watches nothing once the run is over', () => {
    const onStuck = vi.fn();
    const dog = watchdog({ limitMs: 1000, onStuck });
    dog.step('done.');
    dog.stop();
    vi.advanceTimersByTime(10_000);
    expect(onStuck).not.toHaveBeenCalled();
  });
});
