/*
 * No import of age-encryption here: rule-pack validation and the CLI's option parsing check recipients,
 * and that package (with its post-quantum code) takes 200–500 ms to load. The Bech32 check is BIP 173's.
 */
/** An age X25519 recipient as the user wrote it, with an optional label ("Support team"). */
export interface AgeRecipient {
  key: string;
  label?: string;
}

export class RecipientError extends Error {}

/** age's X25519 recipients are Bech32: `age1` then 58 characters of its alphabet. */
const SHAPE = /^age1[02-9ac-hj-np-z]{58}$/;

/** The start of a string for a message: never a whole pasted line, which may be something secret. */
function preview(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > 16 ? `${one.slice(0, 12)}…` : one);
}

/**
 * Checks one recipient string and returns it trimmed; throws a RecipientError whose message is one
 * line saying what is wrong. Only X25519 recipients (`age1…`), the kind `age-keygen` prints and every
 * `age` decrypts: post-quantum and plugin recipients are refused by name.
 */
export function parseRecipient(raw: string): string {
  let s = raw.trim();
  // Bech32 may be all upper case (QR codes); age reads it as lower case.
  if (s.startsWith('AGE1') && s === s.toUpperCase()) s = s.toLowerCase();
  if (s === '') throw new RecipientError('an age recipient is empty');
  if (s.startsWith('AGE-SECRET-KEY-'))
    throw new RecipientError(
      'that is an age secret key, not a recipient: give its public key (age-keygen -y)',
    );
  // Their human-readable parts are `age1pq` and `age1tag` (then the separator `1`, which no data
  // character is): an X25519 key's data may itself start with `pq` or `tag`.
  if (/^age1(pq|tag)1/.test(s))
    throw new RecipientError(
      `${preview(s)}: only X25519 age recipients (age1…, from age-keygen) are supported`,
    );
  if (/^age1/i.test(s) && s !== s.toLowerCase()) {
    throw new RecipientError(`${preview(s)}: an age recipient is all lower case (or all upper case)`);
  }
  if (!s.startsWith('age1'))
    throw new RecipientError(`${preview(s)} is not an age recipient (it starts with age1)`);
  if (!SHAPE.test(s))
    throw new RecipientError(
      `${preview(s)} is not an age recipient (age1 followed by 58 letters and digits; it has ${s.length - 4})`,
    );
  if (!bech32Valid('age', s.slice(4)))
    throw new RecipientError(`${preview(s)}: checksum mismatch (a character is mistyped)`);
  return s;
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GENERATOR[i]) >>> 0;
  }
  return chk;
}

/**
 * `rest` is what follows `hrp1`: 52 five-bit groups (32 bytes, the last 4 bits zero padding) and a
 * 6-character checksum, as age's X25519 recipients are.
 */
function bech32Valid(hrp: string, rest: string): boolean {
  const data: number[] = [];
  for (const ch of rest) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  if (data.length !== 58 || (data[51] & 0x0f) !== 0) return false;
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5);
  expanded.push(0, ...[...hrp].map((c) => c.charCodeAt(0) & 31));
  return polymod([...expanded, ...data]) === 1;
}

/**
 * A recipients file in `age -R` format: one recipient per line, `#` comments and blank lines
 * ignored. Errors name the line.
 */
export function parseRecipientsFile(text: string, name = 'recipients file'): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      out.push(parseRecipient(line));
    } catch (err) {
      throw new RecipientError(`${name} line ${i + 1}: ${(err as Error).message}`);
    }
  }
  if (out.length === 0) throw new RecipientError(`${name} holds no recipient`);
  return out;
}

/** The same key once, in first-seen order (labels from the first sighting). */
export function uniqueRecipients<T extends { key: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(r.key) && (seen.add(r.key), true));
}
