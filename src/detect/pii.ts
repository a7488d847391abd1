import { boundedMemo } from '../util/bounded-set';
import { NONE } from './empty';
import { hasDigit } from './text-facts';
import { ibanLength, ibanValid, knownCardNetwork, luhnValid, ssnValid } from './pii-checks';
import type { Detection, DetectContext, DetectorFamily } from './types';

/** ASCII lookup tables: a regex `test` per character costs more than the rest of a scan. */
function asciiSet(re: RegExp): Uint8Array {
  return Uint8Array.from({ length: 128 }, (_, c) => (re.test(String.fromCharCode(c)) ? 1 : 0));
}
const LOCAL_CHAR = asciiSet(/[A-Za-z0-9._%+-]/);
const DOMAIN_CHAR = asciiSet(/[A-Za-z0-9.-]/);
const inSet = (set: Uint8Array, c: number) => c < 128 && set[c] === 1;
// `icon@2x.png`, `bundle@1.2.3.js`: asset names, not mailboxes.
const FILE_TLD = new Set(
  'png jpg jpeg gif svg webp avif ico bmp tif tiff js mjs cjs css map json html htm xml txt md pdf csv xls xlsx doc docx ics vcf eml woff woff2 ttf otf eot mp3 mp4 webm wav ogg wasm ts tsx jsx vue scss less zip gz'.split(
    ' ',
  ),
);
const SSN = /\d{3}-\d{2}-\d{4}/g;
const DIGITS3 = /\d{3}/g;
// A card has 13+ digits with at most single spaces or dashes between: one native test rules most text out.
const CARD_LIKE = /\d(?:[ -]?\d){12}/;
// ...and either one run of 13+ digits or groups of 3-6: so `ddd`, maybe a separator, `ddd`. Cheaper
// still (irregexp skips ahead on fixed-width patterns), so it runs first.
const CARD_GROUPS = /\d{3}[ -]?\d{3}/;
const IBAN = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,34}/g;
const ISO_DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;
const PHONE_KEY =
  /phone|mobile|msisdn|(?:^|[_.-])(?:tel|telephone|cell|cellphone|fax)(?:$|[_.-]|num|number)/i;
const NATIONAL_PHONE = /^\+?[\d\s().-]{7,24}$/;
const ADDRESS_KEY =
  /(?:^|[_.-])(?:street|addr|address)(?:[_.-]?(?:line)?[_.-]?[1-3])?$|(?:street|postal|billing|shipping|home|mailing|residential)[_.-]?address$|(?:^|[_.-])line[_.-]?[1-3]$|address[_.-]?lines?$|street[_.-]?(?:name|line|address)$|(?:^|[_.-])(?:adresse|anschrift|strasse|straße|direccion|dirección|indirizzo|endereco|endereço)$/i;
// A street line in words only (`Rue de Rivoli`, `Flat B, Rose Court`): two to eight words, one of
// them a street word (so `same as billing` stays).
const WORDS_ADDRESS = /^\p{L}[\p{L}'’.,-]*(?:\s+[\p{L}\d'’.,/-]+){1,8}$/u;
const STREET_WORD =
  /(?:^|[\s,])(?:rue|street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|ct|boulevard|blvd|place|pl|plaza|square|sq|way|close|crescent|terrace|flat|apartment|apt|suite|floor|via|viale|piazza|calle|avenida|plaza|rua|travessa|chemin|quai|allée|straße|strasse|str|weg|gasse|platz|allee|ring|damm|gata|gatan|vej|katu|tie|ulica|ul|laan|straat|plein|gracht)\.?(?=$|[\s,])|(?:straße|strasse|weg|gasse|platz|allee|gata|gatan|vej|katu|straat|laan)(?=$|[\s,])/iu;
/**
 * A street address someone typed in a message (`my new address, 22 Wexley Crescent, Leeds`): a
 * cue a person writes before one, then a house number, up to four capitalized words and a street
 * word. A shop's address on its own page has no such cue and stays, as does any street without
 * a number.
 */
const ADDRESS_CUE =
  /\b(?:address|ship(?:ped|ping)?(?:\s+it)?\s+to|deliver(?:ed|y)?(?:\s+it)?\s+to|send(?:\s+it)?\s+to|li(?:ve|ves|ving)\s+at|located\s+at|moved\s+to)\b/gi;
const STREET_AFTER_CUE =
  /^[\s:,-]{0,4}(?:(?:is|now|at|to)\s+){0,3}(\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?\s+(?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’-]*\s+(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Crescent|Close|Boulevard|Blvd|Way|Place|Pl|Terrace|Square|Sq|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Row|Mews|Gardens|Grove|Hill|Walk|Rise)\b\.?)/u;
/** Messages are short: longer texts (code, documents) are not read for a typed address. */
const MESSAGE_MAX = 4000;

function scanTypedAddresses(text: string, out: Detection[] | undefined): Detection[] | undefined {
  if (text.length > MESSAGE_MAX || text.indexOf(' ') < 0) return out;
  ADDRESS_CUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ADDRESS_CUE.exec(text)) !== null) {
    const after = m.index + m[0].length;
    const street = STREET_AFTER_CUE.exec(text.slice(after, after + 120));
    if (!street) continue;
    const start = after + street[0].length - street[1].length;
    out = push(out, start, start + street[1].length, 'address');
    ADDRESS_CUE.lastIndex = start + street[1].length;
  }
  return out;
}

const NOT_ADDRESS_KEY = /e-?mail|ip[_.-]?addr|mac[_.-]?addr|wallet|remote|server|host|url|web/i;
const WORD_CHAR = /[A-Za-z0-9_]/;
// Where a phone number may start and what may follow it; `(n=1)+65535)*…` is arithmetic.
const PHONE_BEFORE = /[\s"'`:=(,[>;]/;
const PHONE_AFTER = /[\w*/^%+=]/;
const CARD_BEFORE = /[A-Za-z0-9_.+-]/;
const PHONE_BEFORE_ASCII = asciiSet(PHONE_BEFORE);
const phoneMayFollow = (c: number) =>
  c < 128 ? PHONE_BEFORE_ASCII[c] === 1 : PHONE_BEFORE.test(String.fromCharCode(c));

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function push(out: Detection[] | undefined, start: number, end: number, id: string): Detection[] {
  (out ??= []).push({ start, end, detector: id, label: id });
  return out;
}

// scheme://user@host and scheme://user:password@host: credentials of a URL, not a mailbox.
function isUrlUserinfo(text: string, localStart: number): boolean {
  if (text.startsWith('//', localStart - 2)) return true;
  if (text[localStart - 1] !== ':') return false;
  const from = Math.max(0, localStart - 300);
  const scheme = text.lastIndexOf('://', localStart);
  if (scheme < from) return false;
  return !/[\s/@]/.test(text.slice(scheme + 3, localStart - 1));
}

function emailAt(text: string, at: number, sepLen: number): [number, number] | null {
  let s = at;
  let percent = false;
  while (s > 0 && at - s < 64) {
    const c = text.charCodeAt(s - 1);
    if (!inSet(LOCAL_CHAR, c)) break;
    if (c === 37) percent = true;
    s--;
  }
  // In URL-encoded text an escaped delimiter (`email%3Djane%40…`) ends the local part.
  if (percent) {
    const local = text.slice(s, at);
    const cut = local.search(/%(?:3D|26|3F|2F|3A|20|22|2C|3B)(?!.*%(?:3D|26|3F|2F|3A|20|22|2C|3B))/i);
    if (cut >= 0) s += cut + 3;
  }
  while (s < at && text.charCodeAt(s) === 46) s++;
  if (s === at || text.charCodeAt(at - 1) === 46) return null;
  if (isUrlUserinfo(text, s)) return null;
  // git@host:org/repo is an SSH remote, not a mailbox.
  if (at - s === 3 && text.startsWith('git', s)) return null;
  let e = at + sepLen;
  let dots = 0;
  while (e < text.length && e - at < 253) {
    const c = text.charCodeAt(e);
    if (!inSet(DOMAIN_CHAR, c)) break;
    if (c === 46) dots++;
    e++;
  }
  while (e > at + sepLen && (text[e - 1] === '.' || text[e - 1] === '-')) {
    if (text[e - 1] === '.') dots--;
    e--;
  }
  if (dots === 0) return null;
  const labels = text.slice(at + sepLen, e).split('.');
  if (labels.length < 2 || labels.some((l) => !l || l.startsWith('-'))) return null;
  const tld = labels[labels.length - 1];
  if (!/^[A-Za-z]{2,24}$/.test(tld)) return null;
  if (FILE_TLD.has(tld.toLowerCase())) {
    const end = mailboxInFileName(labels);
    return end < 0 ? null : [s, at + sepLen + end];
  }
  return [s, e];
}

/**
 * A file named after a mailbox (`jane@example.com-invoice.pdf`, `jane@example.com.csv`): where the
 * mailbox's domain ends in the labels of the name, or -1. Its last label must be a common top-level
 * domain and another label must come before it (`icon@2x.png` and `a@2x.min.js` are no mailboxes).
 */
function mailboxInFileName(labels: string[]): number {
  let end = 0;
  for (let i = 0; i < labels.length - 1; i++) {
    const label = labels[i];
    const dash = label.indexOf('-');
    const head = dash < 0 ? label : label.slice(0, dash);
    if (i >= 1 && MAIL_TLD.has(head.toLowerCase()) && (dash > 0 || i === labels.length - 2))
      return end + head.length;
    end += label.length + 1;
  }
  return -1;
}
const MAIL_TLD = new Set(
  'com net org edu gov io co uk de fr es it nl be ch at se no dk fi pl pt ie ca au nz jp in br mx eu us me info biz app dev ai'.split(
    ' ',
  ),
);

function scanEmails(text: string, out: Detection[] | undefined): Detection[] | undefined {
  for (const sep of ['@', '%40']) {
    let at = text.indexOf(sep);
    while (at >= 0) {
      const span = emailAt(text, at, sep.length);
      if (span) out = push(out, span[0], span[1], 'email');
      at = text.indexOf(sep, span ? span[1] : at + sep.length);
    }
  }
  return out;
}

function cardValid(digits: string): boolean {
  return knownCardNetwork(digits) && luhnValid(digits);
}

// Digit runs with optional single spaces/dashes: 13–19 digits, Luhn-valid, known network prefix.
function scanCards(text: string, out: Detection[] | undefined): Detection[] | undefined {
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Jump natively to the next run of 3+ digits (every card group has 3+); a per-character JS
    // loop over large bodies costs several times more.
    DIGITS3.lastIndex = i;
    if (DIGITS3.exec(text) === null) break;
    const floor = i;
    i = DIGITS3.lastIndex - 3;
    while (i > floor && isDigit(text.charCodeAt(i - 1))) i--;
    const start = i;
    let digits = 0;
    let sep = '';
    let group = 0;
    let groupsOk = true;
    let end = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isDigit(c)) {
        digits++;
        group++;
        end = ++i;
        if (digits > 19) break;
        continue;
      }
      const ch = text[i];
      if (
        (ch === ' ' || ch === '-') &&
        (sep === '' || sep === ch) &&
        i + 1 < n &&
        isDigit(text.charCodeAt(i + 1))
      ) {
        if (group < 3 || group > 6) groupsOk = false;
        sep = ch;
        group = 0;
        i++;
        continue;
      }
      break;
    }
    if (sep && (group < 3 || group > 6)) groupsOk = false;
    // Skip the rest of an over-long run so none of its tails count as a card.
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    // The cheap conditions first: most digit runs are far too short.
    if (!groupsOk || digits < 13 || digits > 19 || i !== end) continue;
    const prev = start > 0 ? text[start - 1] : ' ';
    const next = end < n ? text[end] : ' ';
    // A bare number that is a URL's path segment (`/api/4505…/envelope/`) is an id: no card goes in a path.
    const bounded =
      !CARD_BEFORE.test(prev) &&
      !(prev === '/' && !sep) &&
      !WORD_CHAR.test(next) &&
      !(next === '.' && isDigit(text.charCodeAt(end + 1)));
    if (
      bounded &&
      !(digits <= 13 && PRODUCT_CODE_CUE.test(text.slice(Math.max(0, start - 24), start))) &&
      !(
        (prev === '"' || prev === "'" || prev === '=') &&
        !sep &&
        idCue(text.slice(Math.max(0, start - 64), start))
      ) &&
      cardValid(text.slice(start, end).replace(/[ -]/g, ''))
    ) {
      out = push(out, start, end, 'card-number');
    }
  }
  return out;
}

function scanIbans(text: string, out: Detection[] | undefined): Detection[] | undefined {
  IBAN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IBAN.exec(text)) !== null) {
    const start = m.index;
    if (start > 0 && WORD_CHAR.test(text[start - 1])) continue;
    const want = ibanLength(m[0].slice(0, 2));
    if (!want) {
      IBAN.lastIndex = start + 1;
      continue;
    }
    // Take exactly the country's length (the match may run into the next word).
    let count = 0;
    let end = start;
    while (end < text.length && count < want) {
      if (text[end] !== ' ') count++;
      end++;
    }
    const compact = text.slice(start, end).replace(/ /g, '');
    if (count === want && !WORD_CHAR.test(text[end] ?? ' ') && ibanValid(compact)) {
      out = push(out, start, end, 'iban');
      IBAN.lastIndex = end;
    } else IBAN.lastIndex = start + 1;
  }
  return out;
}

function scanSsns(text: string, out: Detection[] | undefined): Detection[] | undefined {
  SSN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SSN.exec(text)) !== null) {
    const s = m.index;
    const e = s + 11;
    if (s > 0 && /[\w-]/.test(text[s - 1])) continue;
    if (e < text.length && /[\w-]/.test(text[e])) continue;
    const v = m[0];
    if (ssnValid(v.slice(0, 3), v.slice(4, 6), v.slice(7))) out = push(out, s, e, 'ssn');
  }
  return out;
}

// E.164: `+`, 8–15 digits, optional separators. Anywhere, since the `+` makes the intent clear.
function scanE164(text: string, out: Detection[] | undefined): Detection[] | undefined {
  let at = text.indexOf('+');
  while (at >= 0) {
    let next = at + 1;
    const d = text.charCodeAt(at + 1);
    if (d > 48 && d <= 57 && (at === 0 || phoneMayFollow(text.charCodeAt(at - 1)))) {
      let i = at + 1;
      let digits = 0;
      let end = i;
      let open = false;
      while (i < text.length && digits <= 15 && i - at < 40) {
        const ch = text[i];
        if (isDigit(text.charCodeAt(i))) {
          digits++;
          end = ++i;
        } else if ((ch === ' ' || ch === '-' || ch === '.') && text[i - 1] !== ch) i++;
        else if (ch === '(' && !open) {
          open = true;
          i++;
        } else if (ch === ')' && open) {
          open = false;
          i++;
        } else break;
      }
      const body = text.slice(at + 1, end);
      const after = end < text.length ? text[end] : ' ';
      if (digits >= 8 && digits <= 15 && !PHONE_AFTER.test(after) && !ISO_DATE_LIKE.test(body)) {
        out = push(out, at, end, 'phone');
      }
      next = Math.max(end, at + 1);
    }
    at = text.indexOf('+', next);
  }
  return out;
}

// North American numbers written the usual way, `(415) 555-0123`: the parenthesised area code and
// the dash make it specific enough to look for in any text.
const NANP = /\(\d{3}\)[ \u00a0]?\d{3}[-.\u00a0 ]\d{4}(?![\dA-Za-z])/g;

function scanNanp(text: string, out: Detection[] | undefined): Detection[] | undefined {
  if (text.indexOf('(') < 0) return out;
  NANP.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NANP.exec(text)) !== null) {
    // Keep a `+1 ` in front with the number, as the E.164 scan would.
    let start = m.index;
    const before = text.slice(Math.max(0, start - 3), start);
    if (/\+1 ?$/.test(before)) start -= before.match(/\+1 ?$/)![0].length;
    else if (start > 0 && /[\w)]/.test(text[start - 1])) continue;
    out = push(out, start, m.index + m[0].length, 'phone');
  }
  return out;
}

/** What a field name allows: a phone number, a street address (worked out once per name). */
interface KeyKinds {
  phone: boolean;
  address: boolean;
}
const kindsOf = boundedMemo((key: string): KeyKinds => ({
  phone: PHONE_KEY.test(key),
  address: ADDRESS_KEY.test(key) && !NOT_ADDRESS_KEY.test(key),
}));

function scanKeyed(text: string, key: string, out: Detection[] | undefined): Detection[] | undefined {
  const k = kindsOf(key);
  if (!k.phone && !k.address) return out;
  const t = text.trim();
  if (!t) return out;
  const start = text.indexOf(t);
  if (k.phone && NATIONAL_PHONE.test(t)) {
    const digits = t.replace(/\D/g, '').length;
    if (digits >= 7 && digits <= 15 && !ISO_DATE_LIKE.test(t))
      out = push(out, start, start + t.length, 'phone');
  }
  if (k.address && t.length >= 5 && t.length <= 300) {
    const looksLikeAddress =
      ((/\d/.test(t) && /\p{L}{2,}/u.test(t)) || (WORDS_ADDRESS.test(t) && STREET_WORD.test(t))) &&
      !t.includes('@') &&
      !/^0x[0-9a-f]+$/i.test(t) &&
      !t.includes('://') &&
      !/^[0-9a-f.:]+$/i.test(t);
    if (looksLikeAddress) out = push(out, start, start + t.length, 'address');
  }
  return out;
}

/**
 * `id`, `user_id`, `orderId`, `ids` (keys arrive lower-cased); a product's `variant` (Shopify's
 * `?variant=39655873478733` is the variant's id).
 */
function isIdName(key: string): boolean {
  const k = key.toLowerCase();
  return k.endsWith('id') || k.endsWith('ids') || k.endsWith('variant');
}
/**
 * A bare number under an id's name, or a product's code of 8 to 13 digits under its name (an EAN-13
 * from Germany starts like a 13-digit Visa and passes Luhn one time in ten: `gtin13`, `barcode`); a
 * card's 14 to 19 digits under `barcode` (a gift card's) still go.
 */
function isIdOrProductCode(key: string, text: string): boolean {
  if (!isDigits(text)) return false;
  return isIdName(key) || (text.length <= 13 && PRODUCT_CODE_NAME.test(key.toLowerCase()));
}
const PRODUCT_CODE_NAME = /gtin|barcode|isbn|(?:^|[^a-z])(?:ean|upc|sku|mpn)\d*$/;
/** The same named in text just before the digits (`EAN: 4006381333931`, `<dt>EAN</dt><dd>…`). */
const PRODUCT_CODE_CUE =
  /\b(?:ean|gtin|upc|isbn|barcode|sku)(?:-?\d{1,2})?(?:[\s:#=]|<\/?(?:dt|dd|td|th|span|b|strong|label)>)*$/i;

/** A part's, a model's or a catalogue item's number by its name (`part_number`, `partNo`, `sku`). */
const PART_NUMBER_NAME =
  /(?:^|[^a-z])(?:part|model|item|catalog|catalogue|article)[_.-]?(?:number|num|no|nr)$|(?:^|[^a-z])(?:sku|mpn)$/;

/**
 * An id's name just before the digits, as isIdName reads one: a meta tag's (`<meta
 * property="fb:app_id" content="2395…">`), a query's in a link in text (`?variant=4006…`).
 */
const ID_CUE =
  /(?:name|property|itemprop)=["'][\w:.-]{0,40}(?:[_:.-]id|[a-z]Id)["']\s+content=["']$|[?&](?:[\w.-]{0,40}[_.-])?(?:id|ids|variant)=$|[?&][\w.-]{0,40}[a-z](?:Id|Ids|Variant)=$/;

/** A name of a payment's (`cc_id`, `payment_method_id`, `cardId`, `txn_id`): its number may be a card's. */
const PAYMENT_NAME = /card|cc|pan|pay|txn|transaction|charge|billing|account|wallet/i;

/**
 * Whether the text before an unbroken number names an id (ID_CUE) that is no payment's: a card
 * number after `?cc_id=` or in `cardId` still goes.
 */
function idCue(before: string): boolean {
  const m = ID_CUE.exec(before);
  return m !== null && !PAYMENT_NAME.test(m[0]);
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** Personal data: emails, card numbers, IBANs, US SSNs, phone numbers, street addresses. */
export const piiFamily: DetectorFamily = {
  id: 'pii',
  detectors: ['email', 'card-number', 'iban', 'ssn', 'phone', 'address'],
  detect(text: string, ctx: DetectContext): Detection[] {
    if (text.length < 5) return NONE;
    let out: Detection[] | undefined;
    out = scanEmails(text, out);
    // Cards, IBANs, SSNs and phone numbers all hold digits: one test spares most text five scans.
    if (hasDigit(text)) {
      // A bare number under an id's name (`"id"`, `project_id`, `orderId`) is an id, even when it
      // passes Luhn (one id in ten does): Sentry's 16-digit project ids start like a Visa.
      if (CARD_GROUPS.test(text) && CARD_LIKE.test(text) && !(ctx.key && isIdOrProductCode(ctx.key, text)))
        out = scanCards(text, out);
      out = scanIbans(text, out);
      // A part's number is written as an SSN is (`"part_number": "512-34-5678"`).
      if (!(ctx.key && PART_NUMBER_NAME.test(ctx.key.toLowerCase()))) out = scanSsns(text, out);
      out = scanE164(text, out);
      out = scanNanp(text, out);
      out = scanTypedAddresses(text, out);
    }
    if (ctx.key) out = scanKeyed(text, ctx.key, out);
    return out ?? NONE;
  },
};
