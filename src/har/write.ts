import type { Har } from 'har-format';

/**
 * HAR → text, indented like browsers export it. JSON.stringify escapes lone surrogates (ES2019),
 * so the output is valid JSON whatever strings the HAR holds.
 */
export function serializeHar(har: Har): string {
  return JSON.stringify(har, null, 2) + '\n';
}
