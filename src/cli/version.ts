// Replaced by scripts/build-cli.mjs from package.json; the fallback only shows when run unbundled.
declare const __HAR_REDACT_VERSION__: string | undefined;

export const VERSION: string =
  typeof __HAR_REDACT_VERSION__ === 'string' ? __HAR_REDACT_VERSION__ : '0.0.0-dev';
