import { Encrypter } from 'age-encryption';

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
  if (/^age1(pq|tag)/.test(s))
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
  try {
    new Encrypter().addRecipient(s);
  } catch {
    throw new RecipientError(`${preview(s)}: checksum mismatch (a character is mistyped)`);
  }
  return s;
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
