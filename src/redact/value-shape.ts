/**
 * What a value looks like, for the spreading policy (issue 13 §2): values that cannot be credentials
 * stay where a broad rule would take them, and only secret-shaped values are removed everywhere else.
 */

const BOOLEANISH = /^(?:true|false|yes|no|on|off|null|nil|none|undefined|nan|ok|enabled|disabled)$/i;
const SMALL_NUMBER = /^[-+]?\d{1,6}(?:\.\d+)?$/;
const DECIMAL = /^[-+]?\d*\.\d+$/;
/** Unix time in seconds or milliseconds (2001–2033), with an optional fraction. */
const TIMESTAMP = /^1\d{9}(?:\d{3})?(?:\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const LOCAL_DATE =
  /^(?:\d{1,2}[-/. ](?:\d{1,2}|[A-Za-z]{3,9})[-/. ]\d{2,4}|\d{4}\/\d{1,2}\/\d{1,2}|(?:[A-Za-z]{3},? )?\d{1,2}[- ][A-Za-z]{3}[- ]\d{2,4}(?: \d{2}:\d{2}:\d{2}(?: GMT| UTC)?)?)$/;
/** `en`, `en-US`, `zh_Hant_TW`, `NA` (a continent code). */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|\d{3}))?$/;
/** Numbers joined by separators: `1517097600:190_191_192_158`, `1,2,3`, `10.0.1`. */
const NUMBER_LIST = /^\d{1,13}(?:[:_,.|/ ;-]+\d{1,13})+$/;

/** A word of a natural language or of code: letters, with a vowel, without a long run of consonants. */
function isWord(part: string): boolean {
  if (part.length === 0 || part.length > 20 || !/^[A-Za-z]+$/.test(part)) return false;
  if (part.length <= 3) return true;
  if (!/[aeiouyAEIOUY]/.test(part)) return false;
  return !/[^aeiouyAEIOUY]{5,}/.test(part);
}

/**
 * Words, camelCase or PascalCase identifiers and phrases of them: `dark`, `CheckForPermission`,
 * `Request Cookies`, `url status size timeline`, `same-origin`.
 */
export function isWordy(value: string): boolean {
  const v = value.trim();
  if (!v || v.length > 64) return false;
  const parts = v
    .split(/[\s_.-]+/)
    .flatMap((p) => p.split(/(?<=[a-z])(?=[A-Z])/))
    .filter(Boolean);
  return parts.length > 0 && parts.every(isWord);
}

/**
 * Values that unlock nothing wherever they stand: booleans, small numbers, timestamps, dates,
 * language tags, number lists, words and phrases, and anything of four characters or fewer.
 * `decoded` forms are judged (a cookie's `1517097600%3A190` is a number list).
 */
export function cannotBeCredential(raw: string): boolean {
  let v = raw.trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
  if (v.indexOf('%') >= 0) {
    try {
      v = decodeURIComponent(v);
    } catch {
      // keep as is
    }
  }
  if (v.length <= 4) return true;
  return (
    BOOLEANISH.test(v) ||
    SMALL_NUMBER.test(v) ||
    DECIMAL.test(v) ||
    TIMESTAMP.test(v) ||
    ISO_DATE.test(v) ||
    LOCAL_DATE.test(v) ||
    LANGUAGE_TAG.test(v) ||
    NUMBER_LIST.test(v) ||
    isWordy(v)
  );
}

/**
 * Long and random enough that it cannot be a word, a constant or code: only such values found by
 * name are removed wherever else they appear (detector-confirmed ones always are).
 */
export function secretShaped(raw: string): boolean {
  const v = raw.trim();
  if (v.length < 8 || cannotBeCredential(v)) return false;
  if (/^\d+$/.test(v)) return v.length >= 10;
  const classes = +/[a-z]/.test(v) + +/[A-Z]/.test(v) + +/\d/.test(v) + +/[^A-Za-z0-9\s]/.test(v);
  if (v.length >= 16) return classes >= 1 && !/\s/.test(v.slice(0, 16).trim()) ? true : classes >= 2;
  return classes >= 2 && /\d|[^A-Za-z\s]/.test(v);
}

const PATH_SEGMENT = /[^.[\]{}()<>?#$\s]{16,}/g;

/**
 * A finding's path with every segment that is itself a secret (a session id used as a JSON key, a
 * token as a header name) written as `*`: the report and the manifest never carry a value.
 */
export function redactPath(path: string): string {
  if (path.length < 12) return path;
  return path.replace(PATH_SEGMENT, (seg) =>
    seg.length >= 16 && /\d/.test(seg) && secretShaped(seg) ? '*' : seg,
  );
}
