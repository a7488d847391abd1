// Bundles src/cli (and the core it imports) into one executable ESM file: dist-cli/har-redact.mjs.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const outfile = resolve(root, 'dist-cli/har-redact.mjs');

const result = await build({
  entryPoints: [resolve(root, 'src/cli/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: { js: '#!/usr/bin/env node' },
  define: { __HAR_REDACT_VERSION__: JSON.stringify(version) },
  // License notices (e.g. gitleaks' MIT notice on derived rules) must travel inside the one file.
  legalComments: 'eof',
  logLevel: 'warning',
  write: false,
});
// Written to a temp file and renamed: parallel test files may build while another one runs the CLI.
mkdirSync(dirname(outfile), { recursive: true });
const tmp = `${outfile}.tmp-${process.pid}`;
writeFileSync(tmp, result.outputFiles.find((f) => f.path === outfile).contents, { mode: 0o755 });
chmodSync(tmp, 0o755);
renameSync(tmp, outfile);
console.log(`built ${outfile.slice(root.length + 1)} (har-redact ${version})`);
