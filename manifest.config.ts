import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

export default defineManifest({
  manifest_version: 3,
  // Public key only: it fixes the extension id (see docs/admin.md) so policy can target it.
  key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsEZYc6ZxMUwmEauBfsEJ9oxA/fyPOd9rGife6B8grGhocDzuXxCDeHafvrAkMx7hvXEhdVbYNR0lXSVIy1WwFcL/cz6A28nDLG/SAySTKt99+os1y7AZ6Y/S/X72aXi+37+VxFRFGN/neDVUaLBdNavrbv5rfEnWxjQ+cyOFfUWWCyGvPdiBTqoedywTZdVAMB9JyLkZHR1B7lNfJkEcByz5KHjv8UfAYBOSPXw4ZPmbsQCdtYSNO4XRy2lgJtcUGO3n7j6XD4TWxcwklzEv67k8I2ZG0qLXd/z1/k3xmt2jbwSR7fXMWk+HaE0ZTeuWJVgs4hW6+JPbMCmwkNAySQIDAQAB',
  name: 'HAR Redactor',
  version: pkg.version,
  description: 'Capture or open a HAR, review what it exposes, and download it with the secrets removed.',
  minimum_chrome_version: '120',
  icons: { '16': 'icons/icon-16.png', '48': 'icons/icon-48.png', '128': 'icons/icon-128.png' },
  action: { default_title: 'HAR Redactor', default_popup: 'extension/popup/index.html' },
  background: { service_worker: 'extension/background/index.ts', type: 'module' },
  devtools_page: 'extension/devtools/index.html',
  options_page: 'extension/options/index.html',
  // No unlimitedStorage: it lifts only storage.local's quota (5-10 MB), which holds settings and one
  // team pack (at most 1 MB); raw captures live in storage.session (10 MB, not affected by it).
  permissions: ['storage', 'downloads', 'alarms'],
  // No other extension or web page may message the worker (the router checks sender.id too).
  externally_connectable: { ids: [] },
  // Only the team rule-pack URL's origin is ever requested from these (docs/admin.md).
  optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
  storage: { managed_schema: 'managed-schema.json' },
});
