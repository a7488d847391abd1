// The vendor detectors import src/detect/generated/gitleaks.ts, which `npm run build:rules` writes
// (scripts/test.sh builds first). When a test run starts without it, generate it here: this module
// is imported first by every detector test, before anything imports the registry.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateGitleaks } from '../../../scripts/gen-gitleaks.mjs';

const generated = fileURLToPath(new URL('../../../src/detect/generated/gitleaks.ts', import.meta.url));
if (!existsSync(generated)) generateGitleaks();
