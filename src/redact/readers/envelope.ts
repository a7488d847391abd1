import { utf8Encode } from '../../util/bytes';

const ITEM_LENGTH = /"length":\s*(\d+)/;

/**
 * `after` (`before` rewritten line for line) with its Sentry envelope item lengths kept true: an
 * item header gives its payload's length in bytes (`{"type":"event","length":691}` on the line
 * before it), and an ingest refuses an item whose length is wrong. Only a length that was the next
 * line's own is rewritten (a binary payload may span lines).
 */
export function withItemLengths(before: string, after: string): string {
  if (after === before || !after.includes('"length"') || !after.includes('\n')) return after;
  const lines = before.split('\n');
  const outs = after.split('\n');
  if (lines.length !== outs.length) return after;
  let changed = false;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (outs[i + 1] === lines[i + 1] || !outs[i].startsWith('{')) continue;
    const m = ITEM_LENGTH.exec(outs[i]);
    if (!m || Number(m[1]) !== utf8Encode(lines[i + 1]).length) continue;
    const length = `${m[0].slice(0, m[0].length - m[1].length)}${utf8Encode(outs[i + 1]).length}`;
    outs[i] = outs[i].slice(0, m.index) + length + outs[i].slice(m.index + m[0].length);
    changed = true;
  }
  return changed ? outs.join('\n') : after;
}
