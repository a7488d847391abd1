import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

export default defineManifest({
  manifest_version: 3,
  name: 'HAR Redactor',
  version: pkg.version,
  description: 'Capture or open a HAR, review what it exposes, and download it with the secrets removed.',
  minimum_chrome_version: '120',
  icons: { '16': 'icons/icon-16.png', '48': 'icons/icon-48.png', '128': 'icons/icon-128.png' },
  action: { default_title: 'HAR Redactor', default_popup: 'extension/popup/index.html' },
  background: { service_worker: 'extension/background/index.ts', type: 'module' },
  devtools_page: 'extension/devtools/index.html',
  options_page: 'extension/options/index.html',
  permissions: ['storage', 'downloads', 'alarms', 'unlimitedStorage'],
  storage: { managed_schema: 'managed-schema.json' },
});
