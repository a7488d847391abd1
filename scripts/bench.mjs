// Benchmark: `har-redact redact` against the floor of any JSON tool (read + JSON.parse +
// JSON.stringify + write, "the round trip") on four shapes of HAR it generates (see
// gen-bench-har.mjs): chrome, spa (compact JSON-heavy single-page app), bodiless (many small
// entries), found (exports of people and per-row tokens: hundreds of thousands of found values).
// Each run is a child process (peak RSS per run); runs are interleaved, and ratios, not absolute
// times, are what to compare on a shared machine. `cpu x` is the CPU time (user + system,
// every thread) against the round trip's: the work done, steadier than wall time when the machine
// is busy. Figures and their history: docs/perf.md.
// Usage: npm run bench -- [--size MB] [--runs N] [--threads N] [--quick] [--big [MB]] [--keep]
//   --quick     20 MB, one run
//   --big [MB]  also a 1024 MB chrome-shaped HAR (no round trip can hold it): time, peak RSS, and
//               its throughput relative to the chrome shape at --size
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBenchHar } from './gen-bench-har.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i === -1) return dflt;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    if (name === '--big') return 1024;
    console.error(`bench: ${name} needs a positive number`);
    process.exit(2);
  }
  return v;
};
const quick = args.includes('--quick');
const sizeMb = opt('--size', quick ? 20 : 72);
const runs = Math.round(opt('--runs', quick ? 1 : 3));
const bigMb = opt('--big', 0);
const threads = opt('--threads', 0);
const cores = availableParallelism();

const benchDir = join(root, '.bench');
mkdirSync(benchDir, { recursive: true });
const cli = join(root, 'dist-cli/har-redact.mjs');
const out = join(benchDir, 'out.har');

// Always rebuild: benchmarking a stale bundle would measure the wrong code.
const build = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const ROUND_TRIP = `
const fs = require('node:fs');
const [input, output] = process.argv.slice(1);
fs.writeFileSync(output, JSON.stringify(JSON.parse(fs.readFileSync(input).toString('utf8')), null, 2) + '\\n');
`;

function measure(nodeArgs) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...nodeArgs], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0)
    throw new Error(`child failed (exit ${r.status}): ${r.stderr.split('\n').slice(0, 3).join(' | ')}`);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  const seconds = (what) =>
    Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN);
  return { wall, rss, cpu: seconds('User') + seconds('System') };
}
if (!existsSync('/usr/bin/time')) {
  console.error('bench: needs GNU time at /usr/bin/time (apt-get install time)');
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const redact = (input) => [
  cli,
  'redact',
  input,
  '-o',
  out,
  ...(threads ? ['--threads', String(threads)] : []),
];

function leakCheck(file, secrets) {
  // A file over V8's string limit (the 1 GiB run's output) is searched as bytes, in slices that
  // overlap by the longest value (its base64 bodies are then not decoded).
  if (statSync(file).size > 256 * 1024 * 1024) {
    const fd = openSync(file, 'r');
    const overlap = Math.max(...secrets.map((s) => Buffer.byteLength(s.value)));
    const buf = Buffer.alloc(64 * 1024 * 1024 + overlap);
    const left = new Set(secrets.map((s) => s.value));
    const found = new Set();
    for (let pos = 0, n; (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += buf.length - overlap) {
      for (const v of left) if (buf.subarray(0, n).includes(v)) found.add(v);
      if (n < buf.length) break;
    }
    closeSync(fd);
    return found.size;
  }
  const text = readFileSync(file, 'utf8');
  const har = JSON.parse(text);
  const decoded = har.log.entries
    .map((e) => e.response?.content)
    .filter((c) => c?.encoding === 'base64' && typeof c.text === 'string' && !/^image\//.test(c.mimeType))
    .map((c) => Buffer.from(c.text, 'base64').toString('utf8'));
  return secrets.filter((s) => [text, ...decoded].some((t) => t.includes(s.value))).length;
}

const shapes = ['chrome', 'spa', 'bodiless', 'found'];
const rows = [];
const inputs = {};
for (const shape of shapes) {
  const file = join(benchDir, `bench-${shape}-${sizeMb}mb.har`);
  const gen = await generateBenchHar(file, { sizeMb, seed: 42, shape });
  inputs[shape] = { file, gen, bytes: statSync(file).size };
}
const results = Object.fromEntries(shapes.map((s) => [s, { trip: [], cli: [] }]));
for (let i = 0; i < runs; i++) {
  for (const shape of shapes) {
    const { file } = inputs[shape];
    results[shape].trip.push(measure(['-e', ROUND_TRIP, file, out]));
    results[shape].cli.push(measure(redact(file)));
  }
  console.log(`run ${i + 1}/${runs} done`);
}
console.log(`\n${sizeMb} MB, median of ${runs}, ${threads || cores} threads on ${cores} cores`);
console.log('shape      entries   round trip s  MB    har-redact s  MB    time x  memory x  cpu x  leaked');
let chromeThroughput = 0;
for (const shape of shapes) {
  const { file, gen, bytes } = inputs[shape];
  const medians = (list) => ({
    wall: median(list.map((r) => r.wall)),
    rss: median(list.map((r) => r.rss)),
    cpu: median(list.map((r) => r.cpu)),
  });
  const a = medians(results[shape].trip);
  const b = medians(results[shape].cli);
  measure(redact(file));
  const leaked = leakCheck(out, gen.secrets);
  if (shape === 'chrome') chromeThroughput = bytes / b.wall;
  rows.push({ shape, entries: gen.entries, a, b, leaked });
  console.log(
    `${shape.padEnd(9)} ${String(gen.entries).padStart(8)} ${a.wall.toFixed(2).padStart(12)} ${a.rss.toFixed(0).padStart(5)}` +
      ` ${b.wall.toFixed(2).padStart(14)} ${b.rss.toFixed(0).padStart(5)} ${(b.wall / a.wall).toFixed(2).padStart(8)}` +
      ` ${(b.rss / a.rss).toFixed(2).padStart(9)} ${(b.cpu / a.cpu).toFixed(2).padStart(6)}` +
      ` ${String(leaked).padStart(7)}/${gen.secrets.length}`,
  );
}

let big = null;
if (bigMb) {
  const file = join(benchDir, `bench-chrome-${bigMb}mb.har`);
  const gen = await generateBenchHar(file, { sizeMb: bigMb, seed: 43 });
  const bytes = statSync(file).size;
  const b = measure(redact(file));
  const leaked = leakCheck(out, gen.secrets);
  big = {
    sizeMb: bigMb,
    entries: gen.entries,
    ...b,
    leaked,
    throughputRatio: bytes / b.wall / chromeThroughput,
  };
  console.log(
    `\n${bigMb} MB chrome: ${b.wall.toFixed(1)} s, peak ${b.rss.toFixed(0)} MB, ` +
      `throughput ${(big.throughputRatio * 100).toFixed(0)} % of the ${sizeMb} MB file's, leaked ${leaked}/${gen.secrets.length}`,
  );
  if (!args.includes('--keep')) rmSync(file, { force: true });
}
writeFileSync(
  join(benchDir, 'last-result.json'),
  JSON.stringify({ sizeMb, runs, cores, threads, rows, big }, null, 2),
);
if (!args.includes('--keep')) rmSync(out, { force: true });
