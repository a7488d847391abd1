import { changedRange } from './diff';

/**
 * Writes a changed parameter value back into URL or form text, re-encoding only what changed: the
 * text around a replaced value stays byte for byte as it was written (`credir=https%3A%2F%2F…` keeps
 * its spelling, an unencoded nested URL stays unencoded).
 */

/** Characters that cannot stand raw in a query value. */
const UNSAFE = /[\s#&[\]"'<>+\\^`{|}]|[^\x21-\x7e]/g;

function encodeUnsafe(s: string): string {
  return s.replace(UNSAFE, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return '';
    }
  });
}

/** The raw text split into pieces that each decode on their own (a %XX run or one character). */
function pieces(raw: string, plusIsSpace: boolean): { raw: string; text: string }[] | null {
  const out: { raw: string; text: string }[] = [];
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === '%') {
      let j = i;
      while (j + 2 < raw.length + 0 && raw[j] === '%' && /^[0-9A-Fa-f]{2}$/.test(raw.slice(j + 1, j + 3)))
        j += 3;
      if (j === i) {
        out.push({ raw: '%', text: '%' });
        i++;
        continue;
      }
      // A run of escapes may hold several UTF-8 characters: cut it where each decodes.
      let k = i;
      while (k < j) {
        let e = k + 3;
        let text: string | null = null;
        for (; e <= j; e += 3) {
          try {
            text = decodeURIComponent(raw.slice(k, e));
            break;
          } catch {
            // not yet a whole character
          }
        }
        if (text === null) return null;
        out.push({ raw: raw.slice(k, e), text });
        k = e;
      }
      i = j;
    } else {
      out.push({ raw: raw[i], text: plusIsSpace && raw[i] === '+' ? ' ' : raw[i] });
      i++;
    }
  }
  return out;
}

export function writeParamValue(rawValue: string, value: string, next: string, plusIsSpace = true): string {
  if (next === value) return rawValue;
  if (rawValue === value) return encodeUnsafe(next);
  const parts = pieces(rawValue, plusIsSpace);
  if (!parts || parts.map((p) => p.text).join('') !== value) return encodeURIComponent(next);
  const [pre, suf] = changedRange(value, next);
  // Whole pieces before `pre` and after `value.length - suf` are kept as they were written.
  let head = 0;
  let headText = 0;
  while (head < parts.length && headText + parts[head].text.length <= pre)
    headText += parts[head++].text.length;
  let tail = parts.length;
  let tailText = 0;
  while (tail > head && tailText + parts[tail - 1].text.length <= suf) tailText += parts[--tail].text.length;
  const middle = next.slice(headText, next.length - tailText);
  return (
    parts
      .slice(0, head)
      .map((p) => p.raw)
      .join('') +
    encodeURIComponent(middle) +
    parts
      .slice(tail)
      .map((p) => p.raw)
      .join('')
  );
}

/** Characters that end a percent-encoded component: `&=?#/;,`, quotes, `<>` and whitespace. */
const COMPONENT_END = /[&=?#/;,\s"'<>]/;
const ASCII_COMPONENT_END = Uint8Array.from({ length: 128 }, (_, c) =>
  COMPONENT_END.test(String.fromCharCode(c)) ? 1 : 0,
);
const endsComponent = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c < 128 ? ASCII_COMPONENT_END[c] === 1 : COMPONENT_END.test(s[i]);
};
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

/**
 * Each maximal run of `s` between component ends that holds a percent escape, through `f`. A loop
 * rather than one regex: `[^…]*%XX[^…]*` retries from every start of a long run without an escape
 * (`1%1%1%…`), quadratic in the run (120 KB of it took 30 s).
 */
export function mapPercentComponents(s: string, f: (component: string) => string): string {
  let out = '';
  let last = 0;
  let at = s.indexOf('%');
  while (at >= 0) {
    let start = at;
    while (start > last && !endsComponent(s, start - 1)) start--;
    let end = at + 1;
    while (end < s.length && !endsComponent(s, end)) end++;
    const component = s.slice(start, end);
    if (PERCENT_ESCAPE.test(component)) {
      const next = f(component);
      if (next !== component) {
        out += s.slice(last, start) + next;
        last = end;
      }
    }
    at = s.indexOf('%', end);
  }
  return last === 0 ? s : out + s.slice(last);
}
