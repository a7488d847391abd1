import type { Pass } from './context';

/**
 * Flattened JSON, as frameworks ship a page's data: devalue (SvelteKit's `__data.json`, Nuxt's
 * `__NUXT_DATA__`) writes every value once in an array, and an object holds the indexes of its
 * values (`[{"token":1,"user":2},"<token>","alice"]`); React Router's turbo-stream (`.data`)
 * indexes the keys too (`[{"_1":2},"apiKey","<key>"]`). The walk reads each string without its
 * key, so a credential went by no name: here each string an object's credential key points at is
 * named, and goes wherever it is written (propagation), as the same value under its key would.
 */

/**
 * How a flattened payload starts: an array whose first item is an object of indexes only (an
 * API's `[{"id":1,"name":…}` is not) or Nuxt's `["Reactive", 1]` wrapper. Tested at the start
 * only: most JSON is not one, and every JSON text (bodies, and JSON inside their strings) pays
 * the test.
 */
const START =
  /^\s*\[\s*(?:\[\s*"(?:Shallow)?Reactive"|\{\s*"[^"\\]{1,64}"\s*:\s*\d{1,7}\s*(?:,\s*"[^"\\]{1,64}"\s*:\s*\d{1,7}\s*){0,63}\})/;

/** SvelteKit's `__data.json`: `{"type":"data","nodes":[…]}` (its arrays are found by collect). */
const SVELTEKIT_START = /^\s*\{\s*"type"\s*:\s*"data"\s*,/;

/** The depth to which arrays are looked for (SvelteKit's nodes[].data sits at three). */
const MAX_DEPTH = 4;

/** A page's data, not an export: bigger texts are not parsed a second time. */
const MAX_TEXT = 8 * 1024 * 1024;

/**
 * The flattened arrays in `text` (devalue's, turbo-stream's), parsed; null when it holds none
 * (most JSON: the text is parsed again only when it looks like one).
 */
export function flattenedArrays(text: string): unknown[][] | null {
  if (text.length > MAX_TEXT) return null;
  if (!START.test(text) && !SVELTEKIT_START.test(text)) return null;
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return null;
  }
  const found: unknown[][] = [];
  collect(root, 0, found);
  return found.length ? found : null;
}

/** Names each string a flattened array's object points at under a credential's key. */
export function nameFlattenedValues(p: Pass, arrays: unknown[][], path: string): void {
  for (const list of arrays) nameIndexed(p, list, `${path}[…]`);
}

function collect(node: unknown, depth: number, found: unknown[][]): void {
  if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    if (node.some((item) => indexObject(item, node.length))) found.push(node);
    for (const item of node) collect(item, depth + 1, found);
  } else for (const v of Object.values(node)) collect(v, depth + 1, found);
}

const isIndex = (v: unknown, length: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < length;

/** An object whose values are all indexes into an array of `length`. */
function indexObject(item: unknown, length: number): item is Record<string, number> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
  const values = Object.values(item);
  return values.length > 0 && values.every((v) => isIndex(v, length));
}

/** An array's objects whose values are all indexes into it: each credential key's string is named. */
function nameIndexed(p: Pass, list: unknown[], path: string): void {
  for (const item of list) {
    if (!indexObject(item, list.length)) continue;
    for (const [k, i] of Object.entries(item)) {
      // turbo-stream: `_3` is the key written at index 3.
      const keyAt = /^_\d+$/.test(k) ? list[+k.slice(1)] : undefined;
      const key = typeof keyAt === 'string' ? keyAt : k;
      const value = list[i];
      if (typeof value !== 'string' || !value) continue;
      const d = p.decide('field', key);
      if (d) p.named(value, d, 'field', key, path);
    }
  }
}
