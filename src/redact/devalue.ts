import type { Pass } from './context';

/**
 * Flattened JSON, as frameworks ship a page's data: devalue (SvelteKit's `__data.json`, Nuxt's
 * `__NUXT_DATA__`) writes every value once in an array, and an object holds the indexes of its
 * values (`[{"token":1,"user":2},"<token>","alice"]`); React Router's turbo-stream (`.data`)
 * indexes the keys too (`[{"_1":2},"apiKey","<key>"]`). The walk reads each string without its
 * key, so a credential went by no name: here each string an object's credential key points at is
 * named, and goes wherever it is written (propagation), as the same value under its key would.
 */

/** A key that names a credential, with an index for its value; or an object of turbo-stream's. */
const HINT =
  /"[^"\\]{0,48}(?:token|key|secret|pass|pwd|auth|session|sid|cred|cookie|otp|pin|code)[^"\\]{0,48}":\d{1,7}[,}]|^\s*\[\{"_\d{1,7}":/i;

/** The depth to which arrays are looked for (SvelteKit's nodes[].data sits at three). */
const MAX_DEPTH = 4;

/** A page's data, not an export: bigger texts are not parsed a second time. */
const MAX_TEXT = 8 * 1024 * 1024;

/**
 * The flattened arrays in `text` (devalue's, turbo-stream's), parsed; null when it holds none
 * (most JSON: the text is parsed again only when it looks like one).
 */
export function flattenedArrays(text: string): unknown[][] | null {
  // A flattened payload is an array, or SvelteKit's `{"type":"data","nodes":[…]}`.
  const first = text.trimStart().charCodeAt(0);
  if (text.length > MAX_TEXT || (first !== 91 && !text.includes('"type":"data"')) || !HINT.test(text))
    return null;
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
