import { utf8Encode } from '../../util/bytes';

const ITEM_LENGTH = /"length":\s*(\d+)/;

/**
 * `after` (`before` rewritten line for line) with the lengths it gives of its own lines kept true:
 * - a Sentry envelope's item header gives its payload's length in bytes
 *   (`{"type":"event","length":691}` on the line before it), and an ingest refuses a wrong one;
 * - a Google batchexecute response (`)]}'`, then a length line before each JSON chunk) counts its
 *   chunks as it counts them (the chunk's characters or bytes, with its line break or without),
 *   and its client reads by those counts.
 * Only a length that was the next line's own is rewritten (a binary payload may span lines).
 */
export function withItemLengths(before: string, after: string): string {
  if (after === before || !after.includes('\n')) return after;
  const chunked = before.startsWith(")]}'");
  if (!chunked && !after.includes('"length"')) return after;
  const lines = before.split('\n');
  const outs = after.split('\n');
  if (lines.length !== outs.length) return after;
  let changed = false;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (outs[i + 1] === lines[i + 1]) continue;
    if (chunked && outs[i] === lines[i] && /^\d{1,9}$/.test(lines[i])) {
      const length = chunkLength(lines[i + 1], outs[i + 1], Number(lines[i]));
      if (length !== undefined) {
        outs[i] = String(length);
        changed = true;
      }
      continue;
    }
    if (!outs[i].startsWith('{')) continue;
    const m = ITEM_LENGTH.exec(outs[i]);
    if (!m || Number(m[1]) !== utf8Encode(lines[i + 1]).length) continue;
    const length = `${m[0].slice(0, m[0].length - m[1].length)}${utf8Encode(outs[i + 1]).length}`;
    outs[i] = outs[i].slice(0, m.index) + length + outs[i].slice(m.index + m[0].length);
    changed = true;
  }
  return changed ? outs.join('\n') : after;
}

/** How a length line counted its chunk (characters or UTF-8 bytes, with or without the line break). */
const CHUNK_MEASURES: ((s: string) => number)[] = [
  (s) => s.length,
  (s) => s.length + 1,
  (s) => utf8Encode(s).length,
  (s) => utf8Encode(s).length + 1,
];

/** The new chunk's length counted as `length` counted the old one; undefined when none did. */
function chunkLength(old: string, next: string, length: number): number | undefined {
  const measure = CHUNK_MEASURES.find((m) => m(old) === length);
  return measure?.(next);
}
