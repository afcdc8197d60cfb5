/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or the bench with BENCH_CPU_PROF_DIR): the
 * share of non-idle samples spent in each function (self time) and in each package or part of the
 * app, highest first. `npx tsx scripts/bench/profile-top.ts file.cpuprofile [how many]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const NOT_WORK = new Set(['(idle)', '(program)', '(garbage collector)']);

/** Where a function lives: a package under node_modules, a part of the build, or Node itself. */
function placeOf(url: string): string {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node';
  const chunk = /\.next[^/]*\/server\/(.*)$/.exec(url);
  return chunk ? `build: ${chunk[1]!.split('/')[0]}` : url;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1).padStart(5)} %`;
}

const [file, howMany = '25'] = process.argv.slice(2);
if (!file) {
  console.error('Usage: tsx scripts/bench/profile-top.ts file.cpuprofile [how many]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, index) => {
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});

let total = 0;
let garbage = 0;
const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const [id, time] of selfTime) {
  const frame = byId.get(id)!.callFrame;
  if (frame.functionName === '(garbage collector)') garbage += time;
  if (NOT_WORK.has(frame.functionName) && frame.functionName !== '(garbage collector)') continue;
  total += time;
  const name = `${frame.functionName || '(anonymous)'}  ${placeOf(frame.url)}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  const place = placeOf(frame.url);
  byPlace.set(place, (byPlace.get(place) ?? 0) + time);
}

const top = (map: Map<string, number>) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(howMany));
console.log(
  `non-idle time ${(total / 1000).toFixed(0)} ms, of which garbage collection ${percent(garbage, total)}`,
);
console.log('\nby place (self time):');
for (const [place, time] of top(byPlace)) console.log(`${percent(time, total)}  ${place}`);
console.log('\nby function (self time):');
for (const [name, time] of top(byFunction)) console.log(`${percent(time, total)}  ${name}`);
