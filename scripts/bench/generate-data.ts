import '../load-env';
import { clinicToday } from '@/lib/clinic-today';
import { FULL, PGLITE, SMOKE } from './dataset';
import { loadBenchClinic, openFreshBenchDatabase } from './load';
import { benchTarget } from './target';

/**
 * `npm run bench:data`: the benchmark clinic in DATABASE_URL's PostgreSQL (1,000 patients, 52
 * weeks), or without it in an embedded PGlite folder (100 patients). `--smoke` makes a tiny one.
 * `--years N` gives every patient N years of history instead of one (the growth figures of issue
 * 15 compare the same pages on 1, 2 and 5 years); the clinic is otherwise the same.
 */
function yearsArgument(argv: string[]): number {
  const at = argv.indexOf('--years');
  if (at === -1) return 1;
  const years = Number(argv[at + 1]);
  if (!Number.isInteger(years) || years < 1 || years > 20) {
    throw new Error(
      `--years takes a whole number of years from 1 to 20, not "${argv[at + 1] ?? ''}".`,
    );
  }
  return years;
}

async function main() {
  const target = benchTarget();
  const smoke = process.argv.includes('--smoke');
  const years = yearsArgument(process.argv);
  const base = smoke ? SMOKE : target.url ? FULL : PGLITE;
  const config = { ...base, weeks: base.weeks * years, today: clinicToday() };
  console.log(
    `Generating ${config.patients} patients × ${config.weeks} weeks into ${target.url ? 'PostgreSQL (DATABASE_URL)' : target.pgliteDir}…`,
  );
  const handle = await openFreshBenchDatabase(target);
  try {
    const loaded = await loadBenchClinic(handle, config);
    console.log(
      `Done in ${loaded.seconds.toFixed(1)} s: ${loaded.counts.patients} patients, ` +
        `${loaded.counts.completions.toLocaleString('en-GB')} completions, ` +
        `${loaded.counts.painReports.toLocaleString('en-GB')} pain reports.`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
