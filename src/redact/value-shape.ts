import { boundedMemo } from '../util/bounded-set';

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
/** npm and Cargo version ranges: `^9.0.3`, `~1.2`, `>=2.0.0 <3`, `^1.0.0 || ^2.0.0-rc.1`. */
const VERSION_RANGE =
  /^(?:(?:[~^]|[<>]=?|=)v?\d+(?:\.(?:\d+|[xX*])){0,2}(?:-[0-9A-Za-z.]+)?(?:\s*\|\|\s*|\s+)?)+$/;
/** Numbers joined by separators: `1517097600:190_191_192_158`, `1,2,3`, `10.0.1`. */
const NUMBER_LIST = /^\d{1,13}(?:[:_,.|/ ;-]+\d{1,13})+$/;

/** Whether UTF-16 unit `c` is one `\s` matches (and `trim` removes): JS white space and line ends. */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `aeiouy` and upper case, by character code. */
const VOWEL = new Uint8Array(128);
for (const ch of 'aeiouyAEIOUY') VOWEL[ch.charCodeAt(0)] = 1;

/**
 * Words, camelCase or PascalCase identifiers and phrases of them: `dark`, `CheckForPermission`,
 * `Request Cookies`, `url status size timeline`, `same-origin`. The value (trimmed, at most 64
 * characters) splits at runs of white space, `_`, `.`, `-` and where a lower-case letter meets an
 * upper-case one; every part must be a word: 1–20 ASCII letters, and from four letters on a vowel
 * (`aeiouy`) and no five consonants in a row. One pass, no allocation: this runs on most cookie
 * and query values.
 */
export function isWordy(value: string): boolean {
  let s = 0;
  let e = value.length;
  while (s < e && isJsSpace(value.charCodeAt(s))) s++;
  while (e > s && isJsSpace(value.charCodeAt(e - 1))) e--;
  if (s === e || e - s > 64) return false;
  let parts = 0;
  // The current part: its length, whether it holds a vowel, its current run of consonants.
  let len = 0;
  let vowel = false;
  let run = 0;
  let prevLower = false;
  for (let i = s; i < e; i++) {
    const c = value.charCodeAt(i);
    const lower = c >= 97 && c <= 122;
    const letter = lower || (c >= 65 && c <= 90);
    // A character that is neither a letter nor a separator makes its part no word.
    if (!letter && c !== 95 && c !== 46 && c !== 45 && !isJsSpace(c)) return false;
    // A separator, or a camelCase boundary: the part before it is complete.
    if (len > 0 && (!letter || (!lower && prevLower))) {
      if (len > 3 && !vowel) return false;
      parts++;
      len = 0;
      vowel = false;
      run = 0;
    }
    prevLower = lower;
    if (!letter) continue;
    if (++len > 20) return false;
    if (VOWEL[c] === 1) {
      vowel = true;
      run = 0;
    } else if (++run >= 5) return false;
  }
  if (len > 0) {
    if (len > 3 && !vowel) return false;
    parts++;
  }
  return parts > 0 && !randomLetters(value, s, e);
}

/** A run of letters at least this long is judged by how many different letters it holds. */
const RANDOM_RUN = 16;
/** Which letters the current run of {@link randomLetters} holds (one stamp per run). */
const seen = new Uint32Array(128);
let stamp = 0;

/**
 * Whether a run of letters (between separators) of RANDOM_RUN or more, in both cases, holds
 * different letters in three quarters of its places or more: a random token of letters only
 * (`nahZrRuvqvSdZVuxypBSOufm`, 20 different in 24) splits into short camelCase "words" with
 * vowels, as an identifier does, but identifiers repeat their letters (`CheckForPermissionRequest`
 * 17 in 25, `JSONParseErrorHandler` 15 in 21). 24 random letters hold 19 different on average.
 */
function randomLetters(value: string, s: number, e: number): boolean {
  if (e - s < RANDOM_RUN) return false;
  let start = s;
  for (let i = s; i <= e; i++) {
    const c = i < e ? value.charCodeAt(i) : 32;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) continue;
    if (i - start >= RANDOM_RUN) {
      stamp++;
      let distinct = 0;
      let upper = false;
      let lower = false;
      for (let k = start; k < i; k++) {
        const d = value.charCodeAt(k);
        if (d <= 90) upper = true;
        else lower = true;
        if (seen[d] !== stamp) {
          seen[d] = stamp;
          distinct++;
        }
      }
      if (upper && lower && distinct * 4 >= (i - start) * 3) return true;
    }
    start = i + 1;
  }
  return false;
}

/**
 * Values that unlock nothing wherever they stand: booleans, small numbers, timestamps, dates,
 * language tags, number lists, words and phrases, and anything of four characters or fewer.
 * `decoded` forms are judged (a cookie's `1517097600%3A190` is a number list).
 */
export function cannotBeCredential(raw: string): boolean {
  return raw.length > MEMO_TEXT_MAX ? cannotBeCredentialOf(raw) : cannotMemo(raw);
}

/**
 * Answers kept per value (the same cookie and parameter values come back in every entry): both
 * checks depend on the value alone. Short values only, and emptied when full.
 */
const MEMO_TEXT_MAX = 256;
const cannotMemo = boundedMemo(cannotBeCredentialOf);
const shapedMemo = boundedMemo(secretShapedOf);

function cannotBeCredentialOf(raw: string): boolean {
  let v = raw.trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
  v = safeDecode(v);
  if (v.length <= 4) return true;
  // Each pattern runs only where its first character can match (all are anchored at `^`).
  const c = v.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (
      SMALL_NUMBER.test(v) ||
      DECIMAL.test(v) ||
      TIMESTAMP.test(v) ||
      ISO_DATE.test(v) ||
      LOCAL_DATE.test(v) ||
      NUMBER_LIST.test(v)
    )
      return true;
  } else if (c === 94 || c === 126 || c === 60 || c === 62 || c === 61) {
    // `^`, `~`, `<`, `>`, `=`: a version range (`"jsonwebtoken": "^9.0.3"` in a package.json).
    if (VERSION_RANGE.test(v)) return true;
  } else if (c === 43 || c === 45) {
    // `+` / `-`: only a signed number.
    if (SMALL_NUMBER.test(v) || DECIMAL.test(v)) return true;
  } else if (c === 46) {
    if (DECIMAL.test(v)) return true;
  } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
    // BOOLEANISH words have at most 9 letters, LANGUAGE_TAG at most 3 + 5 + 4 characters.
    if (
      (v.length <= 9 && BOOLEANISH.test(v)) ||
      LOCAL_DATE.test(v) ||
      (v.length <= 12 && LANGUAGE_TAG.test(v))
    )
      return true;
  }
  return isWordy(v);
}

/** Quotes, brackets and punctuation around a word of a sentence. */
const PROSE_EDGE = /^[("'\u201c\u2018\u00ab\u00bf\u00a1]+|[.,;:!?)"'\u201d\u2019\u00bb\u2026]+$/g;
/** Letters of any script (and an apostrophe or hyphen inside): a word in a language without ASCII. */
const LETTERS = /^[\p{L}\p{M}'\u2019-]{1,20}$/u;
/** What else a message holds: short numbers, placeholders (`{email}`, `{{n}}`, `%s`, `:count`), dashes. */
const PROSE_OTHER = /^(?:\d{1,4}|\{\{?[\w.]+\}\}?|%[sd]|%\(\w+\)[sd]|\$\{[\w.]+\}|:\w+|[-\u2013\u2014&/+*])$/;

/**
 * A sentence: an interface's message or label under a name that holds a credential's word
 * (`passwordTooShort: "Password must be at least 8 characters."`, `invalidToken: "Your session has
 * expired, please sign in again."`). Four or more parts apart by white space, three of them words
 * ({@link isWordy}, or letters of another script), the others short numbers, placeholders or
 * dashes, with any punctuation around them, and one of those marks at least. A secret typed with
 * spaces still has a part that is none of these (`Tr0ub4dor &3`); words alone (a passphrase, a
 * wallet's twelve recovery words) are no sentence. Only for a name's decision: an address is a sentence too, and a
 * street found under its name still goes wherever it appears ({@link secretShaped}).
 */
export function isProse(value: string): boolean {
  // Most values asked about are one token: no space, no sentence (and no split to pay for).
  if (value.length > 320 || value.indexOf(' ') < 0) return false;
  const v = value.trim();
  if (v.length > 300) return false;
  const parts = v.split(/\s+/);
  if (parts.length < 4) return false;
  let words = 0;
  let marks = false;
  for (const part of parts) {
    const core = part.replace(PROSE_EDGE, '');
    if (core !== part) marks = true;
    if (core === '') continue;
    if (isWordy(core.replace(/['\u2019]/g, '')) || (/[^ -~]/.test(core) && LETTERS.test(core))) words++;
    else if (PROSE_OTHER.test(core)) marks = true;
    else return false;
  }
  // Words alone are a passphrase or a wallet's recovery words as often as a message.
  return words >= 3 && marks;
}

/**
 * JSON's own syntax (`{"password":"`, a piece of a structure cut around a secret found inside it):
 * no credential is written so, and spread, such a piece broke every JSON text it recurs in.
 */
const JSON_SYNTAX = /^[{[]\s*"|"\s*:\s*["{[]/;

/**
 * Long and random enough that it cannot be a word, a constant or code: only such values found by
 * name are removed wherever else they appear (detector-confirmed ones always are).
 */
export function secretShaped(raw: string): boolean {
  return raw.length > MEMO_TEXT_MAX ? secretShapedOf(raw) : shapedMemo(raw);
}

function secretShapedOf(raw: string): boolean {
  const v = raw.trim();
  if (v.length < 8 || cannotBeCredential(v) || JSON_SYNTAX.test(v)) return false;
  // The character classes present: lower case, upper case, digits, anything else but white space.
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  let space = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else if (isJsSpace(c)) space = 1;
    else other = 1;
  }
  // Digits only.
  if (lower + upper + other + space === 0) return v.length >= 10;
  const classes = lower + upper + digit + other;
  if (v.length >= 16) return classes >= 1 && !spaceWithin16(v) ? true : classes >= 2;
  return classes >= 2 && digit + other > 0;
}

/**
 * Whether white space stands between two other characters in the first 16 of `v` (which starts
 * with a non-space): what `/\s/.test(v.slice(0, 16).trim())` says.
 */
function spaceWithin16(v: string): boolean {
  let space = false;
  for (let i = 0; i < 16 && i < v.length; i++) {
    if (isJsSpace(v.charCodeAt(i))) space = true;
    else if (space) return true;
  }
  return false;
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

/**
 * A site's setting kept in a cookie, not a credential: a time zone (`Europe/Berlin`) or a viewport
 * (`1728x1117`). Replaced, each went wherever the page names it too (the zone in every body's
 * `timezone`). Words joined by punctuation (`checkout_v2:treatment_b`) are not enough: so is a
 * password (`Winter_2024`) or a session of words (`brave-otter-42`).
 */
export function cookieSetting(raw: string): boolean {
  const v = safeDecode(raw);
  return TIME_ZONE.test(v) || /^\d{2,5}x\d{2,5}$/.test(v);
}

/** Percent-decoded, or as it is when it is no valid percent-encoding. */
export function safeDecode(s: string): string {
  if (s.indexOf('%') < 0) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
const TIME_ZONE =
  /^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z_+-]{2,30}(?:\/[A-Za-z_]{2,30})?$/;

/**
 * Cookies whose name says they hold a credential or a person's data, whatever their value looks
 * like (`password=Europe/Berlin` is a password): never read as a site's setting, and a path from the
 * root in one is no link (`next=/invite/accept/<code>`; a `return_to` path is).
 */
export const CREDENTIAL_COOKIE =
  /pass|pwd|pin|auth|sess|sid|tok|login|logon|user|remember|key|secret|csrf|xsrf|jwt|member|customer|account|geo|loc|name|mail|phone|addr|dob|birth|code|otp|mfa|ticket|cred|id$/i;
