import type { Har } from 'har-format';

/**
 * How a HAR file was written: `pretty` (indented, as browsers export it) or `compact` (one line, as
 * Playwright and many proxies write it). A raw line feed never stands inside a JSON string, so a
 * file whose only line feeds are at its end is compact.
 */
export type HarLayout = 'pretty' | 'compact';

export function layoutOf(bytes: Uint8Array): HarLayout {
  const lf = bytes.indexOf(0x0a);
  if (lf < 0) return 'compact';
  for (let i = lf; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09) return 'pretty';
  }
  return 'compact';
}

/**
 * HAR → text, indented like browsers export it (or on one line for `compact`). JSON.stringify
 * escapes lone surrogates (ES2019), so the output is valid JSON whatever strings the HAR holds.
 */
export function serializeHar(har: Har, layout: HarLayout = 'pretty'): string {
  return layout === 'compact' ? JSON.stringify(har) + '\n' : JSON.stringify(har, null, 2) + '\n';
}
