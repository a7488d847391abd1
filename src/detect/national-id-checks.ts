/**
 * National identifiers and their check digits. Each validator takes the identifier without
 * separators (upper case) and says whether it is well-formed; where a country defines no check
 * digit (Denmark's CPR since 2007) the date in it is the only check.
 */
import { luhnValid, ssnValid } from './pii-checks';

const digitsOf = (s: string) => Array.from(s, (c) => c.charCodeAt(0) - 48);
const weighted = (d: number[], w: number[]) => w.reduce((a, x, i) => a + x * d[i], 0);
const allSame = (s: string) => /^(.)\1*$/.test(s);

function validDate(dd: number, mm: number): boolean {
  return mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31;
}

/** US Social Security number (area, group, serial rules). */
export function usSsn(s: string): boolean {
  return /^\d{9}$/.test(s) && ssnValid(s.slice(0, 3), s.slice(3, 5), s.slice(5));
}

/** UK National Insurance number: prefix rules, six digits, suffix A–D. */
export function ukNino(s: string): boolean {
  return /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(s) && !/^(?:BG|GB|NK|KN|TN|NT|ZZ)/.test(s);
}

/** German Steuer-ID: 11 digits, no leading 0, one digit repeated in the first ten, ISO 7064 MOD 11,10. */
export function deSteuerId(s: string): boolean {
  if (!/^[1-9]\d{10}$/.test(s)) return false;
  const counts = new Map<string, number>();
  for (const c of s.slice(0, 10)) counts.set(c, (counts.get(c) ?? 0) + 1);
  const repeated = [...counts.values()].filter((n) => n > 1);
  if (repeated.length !== 1 || repeated[0] > 3) return false;
  let product = 10;
  for (const d of digitsOf(s.slice(0, 10))) {
    let sum = (d + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = (11 - product) % 10;
  return check === s.charCodeAt(10) - 48;
}

/** French NIR (numéro de sécurité sociale): 13 characters (Corsica 2A/2B) and a key 97 − n mod 97. */
export function frNir(s: string): boolean {
  const m = /^([12])(\d{2})(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)(\d{6})(\d{2})$/.exec(s);
  if (!m) return false;
  const body = s.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(body) % 97n) === Number(m[6]);
}

/** Dutch BSN: the 11-proof (9·d1 + … + 2·d8 − d9 ≡ 0 mod 11). */
export function nlBsn(s: string): boolean {
  if (!/^\d{9}$/.test(s) || allSame(s)) return false;
  const d = digitsOf(s);
  return (weighted(d, [9, 8, 7, 6, 5, 4, 3, 2]) - d[8]) % 11 === 0;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter): letter = n mod 23. */
export function esDniNie(s: string): boolean {
  const m = /^([XYZ]\d{7}|\d{8})([A-Z])$/.exec(s);
  if (!m) return false;
  const n = Number(m[1].replace(/^[XYZ]/, (c) => String('XYZ'.indexOf(c))));
  return DNI_LETTERS[n % 23] === m[2];
}

const CF_ODD: Record<string, number> = {};
'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').forEach((c, i) => {
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  CF_ODD[c] = odd[i < 10 ? i : i - 10];
});

/** Italian codice fiscale: 16 characters, the last a check letter over odd/even position tables. */
export function itCodiceFiscale(s: string): boolean {
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(s))
    return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s[i];
    if (i % 2 === 0) sum += CF_ODD[c];
    else sum += c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === s[15];
}

/** Swedish personnummer / samordningsnummer: (YY)YYMMDDNNNC, Luhn over the last ten digits. */
export function sePersonnummer(s: string): boolean {
  if (!/^(?:\d{2})?\d{10}$/.test(s)) return false;
  const t = s.slice(-10);
  const dd = Number(t.slice(4, 6));
  return validDate(dd > 60 ? dd - 60 : dd, Number(t.slice(2, 4))) && luhnValid(t);
}

/** Danish CPR: DDMMYY + four digits; a valid date is all it can show. */
export function dkCpr(s: string): boolean {
  return /^\d{10}$/.test(s) && validDate(Number(s.slice(0, 2)), Number(s.slice(2, 4)));
}

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** Finnish henkilötunnus: DDMMYY, century sign, NNN, check character = DDMMYYNNN mod 31. */
export function fiHetu(s: string): boolean {
  const m = /^(\d{6})[-+A-FU-Y](\d{3})([0-9A-Y])$/.exec(s);
  if (!m || !validDate(Number(s.slice(0, 2)), Number(s.slice(2, 4)))) return false;
  return HETU_CHECK[Number(m[1] + m[2]) % 31] === m[3];
}

/** Norwegian fødselsnummer / D-nummer: two mod-11 check digits. */
export function noFodselsnummer(s: string): boolean {
  if (!/^\d{11}$/.test(s) || allSame(s)) return false;
  const d = digitsOf(s);
  const k = (w: number[]) => {
    const r = 11 - (weighted(d, w) % 11);
    return r === 11 ? 0 : r;
  };
  const k1 = k([3, 7, 6, 1, 8, 9, 4, 5, 2]);
  const k2 = k([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k1 === d[9] && k2 === d[10];
}

/** Polish PESEL: weights 1 3 7 9 …, check = (10 − sum mod 10) mod 10; month carries the century. */
export function plPesel(s: string): boolean {
  if (!/^\d{11}$/.test(s) || allSame(s)) return false;
  const d = digitsOf(s);
  const mm = Number(s.slice(2, 4)) % 20;
  if (!validDate(Number(s.slice(4, 6)), mm)) return false;
  return (10 - (weighted(d, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10 === d[10];
}

/** Brazilian CPF: two mod-11 check digits. */
export function brCpf(s: string): boolean {
  if (!/^\d{11}$/.test(s) || allSame(s)) return false;
  const d = digitsOf(s);
  const check = (n: number) =>
    ((weighted(
      d,
      Array.from({ length: n }, (_, i) => n + 1 - i),
    ) *
      10) %
      11) %
    10;
  return check(9) === d[9] && check(10) === d[10];
}

// Verhoeff tables.
const V_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const V_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

export function verhoeffValid(s: string): boolean {
  let c = 0;
  const d = digitsOf(s).reverse();
  for (let i = 0; i < d.length; i++) c = V_D[c][V_P[i % 8][d[i]]];
  return c === 0;
}

/** Indian Aadhaar: 12 digits, not starting 0 or 1, Verhoeff check digit. */
export function inAadhaar(s: string): boolean {
  return /^[2-9]\d{11}$/.test(s) && verhoeffValid(s);
}

/** Canadian SIN: 9 digits, Luhn, not starting 0 or 8. */
export function caSin(s: string): boolean {
  return /^[1-79]\d{8}$/.test(s) && luhnValid(s);
}

/** Australian TFN: 8 or 9 digits, weighted sum ≡ 0 mod 11. */
export function auTfn(s: string): boolean {
  if (!/^\d{8,9}$/.test(s) || allSame(s)) return false;
  const w = s.length === 9 ? [1, 4, 3, 7, 5, 8, 6, 9, 10] : [10, 7, 8, 4, 6, 3, 5, 1];
  return weighted(digitsOf(s), w) % 11 === 0;
}

/** Every validator, for a value that stands under a national-id name. */
export const NATIONAL_ID_CHECKS: ((s: string) => boolean)[] = [
  usSsn,
  ukNino,
  deSteuerId,
  frNir,
  nlBsn,
  esDniNie,
  itCodiceFiscale,
  sePersonnummer,
  fiHetu,
  noFodselsnummer,
  plPesel,
  brCpf,
  inAadhaar,
  caSin,
  auTfn,
  dkCpr,
];
