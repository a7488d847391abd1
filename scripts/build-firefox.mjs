#!/usr/bin/env node
// Firefox build: the Chrome build in dist/ with a Firefox manifest, written to dist-firefox/.
// Firefox runs MV3 background code as an event page (`background.scripts`), wants a gecko id, and
// rejects Chrome-only keys. Run after `vite build`; checked with `npx web-ext lint --source-dir dist-firefox`.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'dist');
const out = join(root, process.argv[2] ?? 'dist-firefox');

if (!existsSync(join(src, 'manifest.json'))) {
  console.error('dist/ is missing: run `npx vite build` first.');
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
cpSync(src, out, { recursive: true });

const manifest = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8'));
const worker = manifest.background?.service_worker;
if (!worker) {
  console.error('dist/manifest.json has no background.service_worker');
  process.exit(1);
}
manifest.background = { scripts: [worker], type: 'module' };
manifest.browser_specific_settings = {
  gecko: {
    id: 'har-redactor@har-redactor.example',
    strict_min_version: '142.0',
    // Nothing is collected: captures never leave the browser except as the user's own download.
    data_collection_permissions: { required: ['none'] },
  },
};
// Chrome-only: the id-fixing key, the Chrome version floor, and the managed-storage schema (Firefox
// takes enterprise settings from its own policies.json).
delete manifest.key;
delete manifest.minimum_chrome_version;
delete manifest.storage;
if (manifest.options_page) {
  manifest.options_ui = { page: manifest.options_page, open_in_tab: true };
  delete manifest.options_page;
}
for (const war of manifest.web_accessible_resources ?? []) delete war.use_dynamic_url;

writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`Firefox build written to ${out}`);
