import type { Har } from 'har-format';
import { decodeHarBytes } from './decode-bytes';
import { HarReadError } from './errors';
import { describeChar, findSyntaxError, findTooDeep, isJsonWs, lineColumn } from './json-syntax';
import { normalizeHar } from './normalize';

/** Deeper than any real HAR (they nest about 10 levels), shallow enough for recursive walkers. */
export const MAX_DEPTH = 1000;

/** `onInputData({...});` and other JSONP wrappers (HARP files). */
const JSONP_HEAD = /[A-Za-z_$][\w$.]*\s*\(/y;

/** The [start, end) range holding the JSON: without BOM, surrounding space and any JSONP wrapper. */
function jsonRange(text: string, base: number): { start: number; end: number } {
  let start = base;
  let end = text.length;
  while (start < end && isJsonWs(text.charCodeAt(start))) start++;
  while (end > start && isJsonWs(text.charCodeAt(end - 1))) end--;
  JSONP_HEAD.lastIndex = start;
  if (JSONP_HEAD.test(text)) {
    let close = end;
    if (text.charCodeAt(close - 1) === 0x3b /* ; */) close--;
    while (close > start && isJsonWs(text.charCodeAt(close - 1))) close--;
    if (text.charCodeAt(close - 1) === 0x29 /* ) */) return { start: JSONP_HEAD.lastIndex, end: close - 1 };
  }
  return { start, end };
}

function at(text: string, base: number, pos: number): string {
  const { line, column } = lineColumn(text, base, pos);
  return `at line ${line} column ${column}`;
}

function notJson(text: string, base: number, start: number, end: number, err: unknown): never {
  const problem = findSyntaxError(text, start, end);
  if (problem) {
    const where = at(text, base, problem.pos);
    if (problem.kind === 'end') throw new HarReadError(`not JSON: unexpected end of input ${where}`);
    const ch = describeChar(text, problem.pos);
    if (problem.kind === 'control') {
      throw new HarReadError(`not JSON: unescaped control character ${ch} in a string ${where}`);
    }
    throw new HarReadError(`not JSON: unexpected character ${ch} ${where}`);
  }
  // Our scanner and V8 disagree (should not happen): use V8's position, never its wording, which
  // changes between versions and quotes the input.
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (m) throw new HarReadError(`not JSON: syntax error ${at(text, base, start + Number(m[1]))}`);
  throw new HarReadError('not JSON: the input could not be parsed');
}

/**
 * Parses HAR text as real tools write it (BOM, HARP wrapper, HAR 1.1, cookies as a map, missing
 * fields) into a HAR 1.2-shaped object. Throws {@link HarReadError} with one sentence saying what
 * is wrong and where. Base64 bodies are left encoded: decoding them is the engine's job.
 */
export function parseHar(text: string): Har {
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const { start, end } = jsonRange(text, base);
  if (start >= end) throw new HarReadError('empty input');
  const deep = findTooDeep(text, start, end, MAX_DEPTH);
  if (deep !== -1) throw new HarReadError(`nesting deeper than ${MAX_DEPTH} levels ${at(text, base, deep)}`);
  let root: unknown;
  try {
    root = JSON.parse(start === 0 && end === text.length ? text : text.slice(start, end));
  } catch (err) {
    notJson(text, base, start, end, err);
  }
  return normalizeHar(root);
}

/** Decodes UTF-8 / UTF-16 bytes (refusing binary data), then {@link parseHar}. */
export function readHarBytes(bytes: Uint8Array): Har {
  return parseHar(decodeHarBytes(bytes));
}
