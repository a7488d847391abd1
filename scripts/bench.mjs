// Benchmark: redacting a ~100 MB Chrome-like HAR with the CLI versus the floor of any JSON tool
// (read + JSON.parse + JSON.stringify + write), each in its own child process so peak RSS is per run.
// Usage: npm run bench -- [--size MB] [--runs N] [--keep]
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    console.error(`bench: ${name} needs a positive number`);
    process.exit(2);
  }
  return v;
};
const sizeMb = opt('--size', 100);
const cores = availableParallelism();
const runs = Math.round(opt('--runs', 1));

const benchDir = join(root, '.bench');
mkdirSync(benchDir, { recursive: true });
const input = join(benchDir, `bench-${sizeMb}mb.har`);
const baselineOut = join(benchDir, 'baseline-out.har');
const cliOut = join(benchDir, 'cli-out.har');
const cliOut1 = join(benchDir, 'cli-out-1.har');
const cli = join(root, 'dist-cli/har-redact.mjs');

// Always rebuild: benchmarking a stale bundle would measure the wrong code.
const build = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

console.log(`generating ${sizeMb} MB HAR (seed 42) …`);
const gen = await generateBenchHar(input, { sizeMb, seed: 42 });
const inBytes = statSync(input).size;
console.log(
  `  ${gen.entries} entries, ${(inBytes / 1048576).toFixed(1)} MB, ${gen.secrets.length} planted secrets`,
);

const BASELINE = `
const fs = require('node:fs');
const [input, output] = process.argv.slice(1);
const text = fs.readFileSync(input).toString('utf8');
fs.writeFileSync(output, JSON.stringify(JSON.parse(text), null, 2) + '\\n');
`;

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
// Without GNU time, a preloaded hook makes the child report its own peak RSS on exit.
const RSS_HOOK =
  "data:text/javascript,process.on('exit',()=>process.stderr.write('__MAXRSS_KB__ '+process.resourceUsage().maxRSS+'\\n'))";

function measure(nodeArgs) {
  const cmd = timeBin
    ? [timeBin, '-v', process.execPath, ...nodeArgs]
    : [process.execPath, '--import', RSS_HOOK, ...nodeArgs];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = timeBin
    ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)
    : /__MAXRSS_KB__ (\d+)/.exec(r.stderr);
  if (r.status !== 0) {
    const why = r.stderr
      .split('\n')
      .filter((l) => l && !/^\s/.test(l) && !l.includes('__MAXRSS'))
      .slice(0, 3)
      .join(' | ');
    throw new Error(`child failed (exit ${r.status}): ${why}`);
  }
  return { wallMs, rssMb: m ? Number(m[1]) / 1024 : NaN };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// (b) is the CLI as a user runs it: on a multi-core machine it splits a big HAR's entries across
// threads. (c) pins it to one thread, to show what the engine costs on its own.
const results = { a: [], b: [], c: [] };
for (let i = 0; i < runs; i++) {
  results.a.push(measure(['-e', BASELINE, input, baselineOut]));
  results.b.push(measure([cli, 'redact', input, '-o', cliOut]));
  results.c.push(measure([cli, 'redact', input, '-o', cliOut1, '--threads', '1']));
  console.log(`  run ${i + 1}/${runs} done`);
}

const row = (label, rs) => {
  const wall = median(rs.map((r) => r.wallMs));
  const rss = median(rs.map((r) => r.rssMb));
  console.log(
    `${label.padEnd(44)} ${(wall / 1000).toFixed(2).padStart(8)} s ${rss.toFixed(0).padStart(8)} MB`,
  );
  return { wall, rss };
};
console.log(`\n${`(median of ${runs})`.padEnd(44)}     wall     peak RSS`);
const a = row('(a) read + parse + stringify + write', results.a);
const b = row(`(b) har-redact redact IN -o OUT (${cores} cores)`, results.b);
const c = row('(c) the same with --threads 1', results.c);
const ratio = (label, x) =>
  console.log(
    `${label.padEnd(44)} ${(x.wall / a.wall).toFixed(2).padStart(8)} x ${(x.rss / a.rss).toFixed(2).padStart(8)} x`,
  );
ratio('ratio b/a', b);
ratio('ratio c/a', c);
console.log(`throughput (b): ${(inBytes / 1048576 / (b.wall / 1000)).toFixed(1)} MB/s`);

// Leak check on both outputs: every planted secret, raw and inside base64 bodies / WebSocket frames.
function leakCheck(file, label) {
  const outText = readFileSync(file, 'utf8');
  const out = JSON.parse(outText);
  const decoded = [];
  for (const e of out.log.entries) {
    const c = e.response?.content;
    if (c?.encoding === 'base64' && typeof c.text === 'string' && !/^image\//.test(c.mimeType)) {
      decoded.push(Buffer.from(c.text, 'base64').toString('utf8'));
    }
  }
  const haystack = [outText, ...decoded];
  const leaked = gen.secrets.filter((s) => haystack.some((t) => t.includes(s.value)));
  const byType = {};
  for (const s of leaked) byType[s.type] = (byType[s.type] ?? 0) + 1;
  const n = out.log.entries.length;
  console.log(
    `leak check ${label}: ${leaked.length}/${gen.secrets.length} planted secrets found in OUT` +
      (leaked.length
        ? ` (${Object.entries(byType)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})`
        : '') +
      `; entries in ${gen.entries}, out ${n}${gen.entries === n ? '' : '  MISMATCH'}`,
  );
  return leaked.length;
}
console.log('');
const leaked = Math.max(leakCheck(cliOut, '(b)'), leakCheck(cliOut1, '(c)'));
writeFileSync(
  join(benchDir, 'last-result.json'),
  JSON.stringify(
    { sizeMb, runs, cores, entries: gen.entries, a, b, c, leaked, secrets: gen.secrets.length },
    null,
    2,
  ),
);

if (!args.includes('--keep')) {
  for (const f of [baselineOut, cliOut, cliOut1]) rmSync(f, { force: true });
}
