import { boundedMemo } from '../util/bounded-set';
import { NONE } from './empty';
import { hasKeyword, keywordId } from './keywords';
import {
  NATIONAL_ID_CHECKS,
  brCpf,
  esDniNie,
  fiHetu,
  frNir,
  itCodiceFiscale,
  ukNino,
} from './national-id-checks';
import { hasDigit } from './text-facts';
import type { Detection, DetectContext, DetectorFamily } from './types';

/**
 * Personal data beyond e-mails and cards: national identifiers (with their check digits), dates of
 * birth, a person's coordinates, the end user's IP address, people's names, postcodes. Most of it
 * is only personal by where it stands (`"dob": "1985-07-09"` vs. a release date), so those
 * detectors need the field name; free text (values up to 256 characters) is scanned only for
 * identifiers whose shape and check digit make a chance match rare, and any text for coordinates
 * in map URLs.
 */

/**
 * A field name as the engine gives it (lower case: `userdateofbirth`, `x-forwarded-for`): its
 * segments (split at separators) and the segments joined.
 */
interface Name {
  segs: string[];
  joined: string;
}

function nameOf(key: string): Name {
  const segs = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return { segs, joined: segs.join('') };
}

// Short names that end few other words (`customerssn`, `usercpf`); other short ones (`tin`, `sin`,
// `lat`, `ip`) count only as a whole segment (`user_ip`, `lat`).
const SAFE_SUFFIX = new Set(['ssn', 'cpf', 'dob', 'bsn', 'dni', 'tfn', 'nino', 'hetu', 'note']);

/** Whether the name ends with one of `names` (each written without separators). */
function endsWithName({ segs, joined }: Name, names: Set<string>): boolean {
  for (const n of names) {
    if (n.length >= 5 || SAFE_SUFFIX.has(n) ? joined.endsWith(n) : segs[segs.length - 1] === n) return true;
  }
  return false;
}

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

const NATIONAL_ID_NAMES = set(`
  ssn socialsecuritynumber socialsecurityno socialsecurity nationalid nationalidnumber nationalidentifier
  nationalidentitynumber nationalnumber personalnumber personalidnumber personalidentitynumber
  personalidentificationnumber personalcode personalidentitycode taxid taxidnumber taxpayerid tin
  taxidentificationnumber nino nationalinsurancenumber ninumber steuerid steueridentifikationsnummer
  idnr bsn burgerservicenummer nir insee numerosecu numerosecuritesociale dni nie nif codicefiscale
  fiscalcode personnummer cpr cprnummer hetu henkilotunnus fodselsnummer fnr pesel cpf aadhaar
  aadhar aadhaarnumber uidai sin socialinsurancenumber tfn taxfilenumber
`);
const BIRTH_NAMES = set(`
  dob birthdate birthday dateofbirth birthdt bday geburtsdatum geburtstag fechadenacimiento
  fechanacimiento datedenaissance datenaissance datanascita datadinascita fodselsdato
  fodelsedatum syntymaaika geboortedatum dataurodzenia datadenascimento
`);
const LAT_NAMES = set('lat latitude');
const LNG_NAMES = set('lng lon long longitude');
const GEO_PAIR_NAMES = set(`
  latlng latlon latlong coords coordinates geo geolocation location userlocation currentlocation
  position geoposition ll gps
`);
const CLIENT_IP_NAMES = set(`
  xforwardedfor xrealip cfconnectingip trueclientip xclientip xclusterclientip fastlyclientip
  xoriginalforwardedfor xenvoyexternaladdress forwarded clientip clientipaddress remoteaddr remoteip
  remoteaddress userip useripaddress ip origin enduserip visitorip customerip
`);
const PERSON_NAMES = set(`
  firstname lastname fullname givenname familyname surname middlename maidenname legalname
  customername contactname cardholdername cardholder nameoncard billingname shippingname
  recipientname sendername patientname employeename
`);
const NOTE_NAMES = set('note notes comment comments remark remarks memo internalnote internalnotes');
const POSTCODE_NAMES = set('postcode postalcode zip zipcode plz postleitzahl codepostal');
// Addresses of machines, not of the user: `serverIPAddress` stays.
const NOT_CLIENT = /server|host|dns|gateway|proxy|router|upstream|target|dest|local|internal|private|public/;

// ---- values

const ID_CHARS = /^[A-Za-z0-9 .\-/+]{6,24}$/;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_FORMS = [
  /^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/,
  /^(0?[1-9]|[12]\d|3[01])[./-](0?[1-9]|1[0-2])[./-](19|20)\d{2}$/,
  /^(0?[1-9]|1[0-2])[./-](0?[1-9]|[12]\d|3[01])[./-](19|20)\d{2}$/,
  /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/,
  /^(19|20)\d{2}[./](0?[1-9]|1[0-2])[./](0?[1-9]|[12]\d|3[01])$/,
  new RegExp(`^(0?[1-9]|[12]\\d|3[01])\\.?\\s+(?:${MONTHS})\\.?\\s+(19|20)\\d{2}$`, 'i'),
  new RegExp(`^(?:${MONTHS})\\.?\\s+(0?[1-9]|[12]\\d|3[01]),?\\s+(19|20)\\d{2}$`, 'i'),
];
const COORD = /^-?\d{1,3}\.\d{3,}$/;
const COORD_PAIR = /^\s*(-?\d{1,2}\.\d{3,})\s*[,; ]\s*(-?\d{1,3}\.\d{3,})\s*$/;
const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])/g;
const IPV6 = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:.])/gi;
// Private, loopback and link-local addresses are hops inside a network, not a person.
const NOT_PERSONAL_IP =
  /^(?:10\.|127\.|0\.|169\.254\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|::1$|f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:)/i;
const PERSON = /^[\p{L}][\p{L}'’. -]{0,78}[\p{L}.]$/u;
const NOT_A_NAME = /^(?:null|undefined|none|n\/?a|unknown|anonymous|guest|test|string|name)$/i;
const HONORIFIC_NAME =
  /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Sr|Sra)\.?\s+\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?/gu;
const POSTCODE =
  /^(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{4} ?[A-Z]{2}|\d{4,6}|\d{2}-\d{3}|\d{3}-\d{4}|\d{4}-\d{3}|\d{3} \d{2}|\d{5}-\d{3})$/i;

function push(out: Detection[] | undefined, start: number, end: number, id: string): Detection[] {
  (out ??= []).push({ start, end, detector: id, label: id });
  return out;
}

function nationalIdValue(t: string): boolean {
  const compact = t.replace(/[\s.\-/+]/g, '').toUpperCase();
  if (NATIONAL_ID_CHECKS.some((check) => check(compact))) return true;
  // Under such a name a number of this shape is one, checksum or not (test data, other countries).
  return ID_CHARS.test(t) && (t.match(/\d/g)?.length ?? 0) >= 6;
}

function ips(text: string, out: Detection[] | undefined, forwarded: boolean): Detection[] | undefined {
  for (const re of [IPV4, IPV6]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const ip = m[0];
      if (re === IPV6 && (ip.match(/[0-9a-f]/gi)?.length ?? 0) < 3) continue;
      if (NOT_PERSONAL_IP.test(ip)) continue;
      // `Forwarded: for=…;by=…`: `by` names the proxy, not the user.
      if (forwarded && /by=["[]*$/i.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
      out = push(out, m.index, m.index + ip.length, 'client-ip');
    }
  }
  return out;
}

/** What a field name says its value is (worked out once per name: names repeat). */
interface KeyKinds {
  nationalId: boolean;
  birth: boolean;
  lat: boolean;
  lng: boolean;
  geoPair: boolean;
  clientIp: boolean;
  forwarded: boolean;
  person: boolean;
  note: boolean;
  postcode: boolean;
  any: boolean;
}
const kindsOf = boundedMemo((key: string): KeyKinds => {
  const n = nameOf(key);
  const k: KeyKinds = {
    nationalId: endsWithName(n, NATIONAL_ID_NAMES),
    birth:
      endsWithName(n, BIRTH_NAMES) ||
      (n.joined.includes('birth') && !/place|country|city|name|weight/.test(n.joined)),
    lat: endsWithName(n, LAT_NAMES),
    lng: endsWithName(n, LNG_NAMES),
    geoPair: endsWithName(n, GEO_PAIR_NAMES),
    clientIp: endsWithName(n, CLIENT_IP_NAMES) && !NOT_CLIENT.test(n.joined),
    forwarded: n.joined === 'forwarded',
    person: endsWithName(n, PERSON_NAMES),
    note: endsWithName(n, NOTE_NAMES),
    postcode: endsWithName(n, POSTCODE_NAMES),
    any: false,
  };
  k.any = Object.values(k).some(Boolean);
  return k;
});

/** Whether a field of this name holds a person's name (`full_name`, `cardholderName`…). */
export function isPersonNameField(key: string): boolean {
  return kindsOf(key).person;
}

/**
 * Whether a field of this name holds one coordinate (`lat`, `userLongitude`…): the engine then shows
 * a JSON number under it to the detectors, which it does not do for numbers in general.
 */
export function isCoordinateName(key: string): boolean {
  const k = kindsOf(key);
  return k.lat || k.lng;
}

function scanKeyed(text: string, key: string, out: Detection[] | undefined): Detection[] | undefined {
  const k = kindsOf(key);
  if (!k.any) return out;
  const t = text.trim();
  if (!t || t.length > 300) return out;
  const start = text.indexOf(t);
  const end = start + t.length;
  if (k.nationalId && nationalIdValue(t)) return push(out, start, end, 'national-id');
  if (k.birth && DATE_FORMS.some((re) => re.test(t))) return push(out, start, end, 'date-of-birth');
  if ((k.lat || k.lng) && COORD.test(t)) {
    const v = Math.abs(Number(t));
    if (v <= (k.lat ? 90 : 180) && v !== 0) return push(out, start, end, 'geolocation');
  }
  if (k.geoPair) {
    const m = COORD_PAIR.exec(t);
    if (m && Math.abs(Number(m[1])) <= 90 && Math.abs(Number(m[2])) <= 180)
      return push(out, start, end, 'geolocation');
  }
  if (k.clientIp) out = ips(text, out, k.forwarded);
  if (k.person && PERSON.test(t) && !NOT_A_NAME.test(t) && /\p{L}{2}/u.test(t))
    return push(out, start, end, 'person-name');
  if (k.note) {
    HONORIFIC_NAME.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = HONORIFIC_NAME.exec(text)) !== null)
      out = push(out, m.index, m.index + m[0].length, 'person-name');
  }
  if (k.postcode && POSTCODE.test(t)) return push(out, start, end, 'postal-code');
  return out;
}

// ---- free text: shapes rare enough by chance, each confirmed by its check character.

// `pre`: a cheaper test that every match passes, so most texts skip the regex.
const FREE_IDS: { pre: RegExp; re: RegExp; check: (s: string) => boolean; keep?: boolean }[] = [
  // UK NINO, `AB 12 34 56 C` or `AB123456C`.
  {
    pre: /[A-Z]{2} ?\d\d/,
    re: /(?<![A-Za-z0-9+/=_-])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9+/=_-])/g,
    check: ukNino,
  },
  // Finnish HETU, `131052-308T`.
  {
    pre: /\d{6}[-+A-FU-Y]\d{3}/,
    re: /(?<![A-Za-z0-9+/=_-])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![A-Za-z0-9+/=_-])/g,
    check: fiHetu,
    keep: true,
  },
  // Italian codice fiscale.
  {
    pre: /[A-Z]{6}\d/,
    re: /(?<![A-Za-z0-9+/=_-])[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Za-z0-9+/=_-])/g,
    check: itCodiceFiscale,
  },
  // Spanish DNI / NIE, `12345678Z`, `X1234567L`, `12345678-Z`.
  {
    pre: /\d{7}-?[A-Z]/,
    re: /(?<![A-Za-z0-9+/=_.-])(?:[XYZ]\d{7}|\d{8})-?[A-HJ-NP-TV-Z](?![A-Za-z0-9+/=_-])/g,
    check: esDniNie,
  },
  // Brazilian CPF written with its dots and dash.
  { pre: /\d\.\d{3}\.\d{3}-/, re: /(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d.])/g, check: brCpf },
  // French NIR written in its groups, `1 84 12 76 451 089 46`.
  {
    pre: /[12] \d\d \d\d /,
    re: /(?<!\d)(?<!\d )[12] \d{2} \d{2} (?:\d{2}|2A|2B) \d{3} \d{3} \d{2}(?![\d])/g,
    check: frNir,
  },
];

// Every free-text form passes one of these scans (one class test per character); most texts do not.
const GATE_DIGIT = /\d(?:\d{5}|\.\d{3}\.| \d\d \d\d )/;
const GATE_UPPER = /[A-Z][A-Z](?: ?\d\d|[A-Z]{4}\d)/;
/**
 * Only field values this short are scanned for identifiers without a name: a longer text (a page,
 * a bundle, a blob) cost a tenth of all detection for identifiers that stand in fields.
 */
const FREE_SHORT = 256;

function scanFreeIds(text: string, out: Detection[] | undefined): Detection[] | undefined {
  if (text.length > FREE_SHORT) return out;
  // Both gates need a digit: one test rules out most text.
  if (!hasDigit(text) || (!GATE_DIGIT.test(text) && !GATE_UPPER.test(text))) return out;
  for (const { pre, re, check, keep } of FREE_IDS) {
    if (!pre.test(text)) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (check(keep ? m[0] : m[0].replace(/[\s.-]/g, '')))
        out = push(out, m.index, m.index + m[0].length, 'national-id');
    }
  }
  return out;
}

// Map links: Google `/@lat,lng,15z`, `?q=lat,lng` / `ll=` / `center=`, OpenStreetMap `#map=z/lat/lng`, `mlat=`.
const MAP_COORDS =
  /(?:\/@|[?&;](?:q|ll|sll|center|query|destination|origin|daddr|saddr|cp|near|latlng)=)(-?\d{1,2}\.\d{3,})(?:,|%2C|~)(?:\+|%20)?(-?\d{1,3}\.\d{3,})|#map=\d{1,2}\/(-?\d{1,2}\.\d{3,})\/(-?\d{1,3}\.\d{3,})|mlat=(-?\d{1,2}\.\d{3,})&(?:amp;)?mlon=(-?\d{1,3}\.\d{3,})/dg;
const KW_MAP = keywordId('map');

function scanMapUrls(text: string, out: Detection[] | undefined): Detection[] | undefined {
  MAP_COORDS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MAP_COORDS.exec(text)) !== null) {
    const g = m[1] ? 1 : m[3] ? 3 : 5;
    const [s] = m.indices![g];
    const [, e] = m.indices![g + 1];
    out = push(out, s, e, 'geolocation');
  }
  return out;
}

export const personalFamily: DetectorFamily = {
  id: 'personal',
  detectors: ['national-id', 'date-of-birth', 'geolocation', 'client-ip', 'person-name', 'postal-code'],
  detect(text: string, ctx: DetectContext): Detection[] {
    let out: Detection[] | undefined;
    if (ctx.key) out = scanKeyed(text, ctx.key, out);
    if (text.length >= 9) out = scanFreeIds(text, out);
    if (hasKeyword(text, KW_MAP)) out = scanMapUrls(text, out);
    if (!out) return NONE;
    return out.sort((a, b) => a.start - b.start);
  },
};
