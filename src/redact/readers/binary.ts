import type { Pass } from '../context';
import { processHeaders } from '../headers';
import { MultiLiteralMatcher } from '../matcher';
import { grpcMethod, passwordsOf } from '../rpc';
import { scrubText } from '../text';
import {
  base64DecodeLatin1,
  base64Encode,
  concatBytes,
  latin1Decode,
  latin1Encode,
  readU32LE,
  utf8DecodeStrict,
  utf8Encode,
} from '../../util/bytes';
import type { Reader } from './types';

/**
 * Length-prefixed binary: protobuf messages walked without a schema (strings scanned, nested
 * messages entered, lengths rewritten when a value is replaced), gRPC-web frames (5-byte headers
 * whose lengths are rewritten too), gRPC-web-text (base64 of frames, chunk by chunk), and binary
 * WebSocket frames. Bytes that are neither are scanned in place with same-length masks, so any
 * framing around them still holds.
 */

const MAX_MESSAGE_DEPTH = 8;

interface Field {
  /** Where the field's key starts, where its payload starts and ends. */
  start: number;
  payload: number;
  end: number;
  wire: number;
}

function readVarint(b: Uint8Array, i: number): [value: number, next: number] | null {
  let v = 0;
  let mul = 1;
  for (let k = 0; k < 10; k++) {
    if (i >= b.length) return null;
    const c = b[i++];
    v += (c & 0x7f) * mul;
    if ((c & 0x80) === 0) return [v, i];
    mul *= 128;
  }
  return null;
}

function writeVarint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** The fields of a protobuf message, or null when the bytes are not one (exactly, to the end). */
export function protobufFields(b: Uint8Array): Field[] | null {
  const fields: Field[] = [];
  let i = 0;
  while (i < b.length) {
    const start = i;
    const key = readVarint(b, i);
    if (!key) return null;
    const [tag, afterKey] = key;
    const wire = tag % 8;
    const field = Math.floor(tag / 8);
    if (field < 1 || field > 536870911) return null;
    let payload = afterKey;
    let end: number;
    if (wire === 0) {
      const v = readVarint(b, afterKey);
      if (!v) return null;
      end = v[1];
    } else if (wire === 1) end = afterKey + 8;
    else if (wire === 5) end = afterKey + 4;
    else if (wire === 2) {
      const len = readVarint(b, afterKey);
      if (!len) return null;
      payload = len[1];
      end = payload + len[0];
    } else return null;
    if (end > b.length) return null;
    fields.push({ start, payload, end, wire });
    i = end;
  }
  return fields;
}

function isPrintable(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x08\x0e-\x1f\x7f]/.test(s);
}

/** A protobuf message with its strings scanned; the same array when nothing changed. */
/** What a binary walk does with each string it finds (pass 1 reads it, pass 2 propagates into it). */
export type Scan = (text: string) => string;

export function rewriteProtobuf(scan: Scan, b: Uint8Array, depth = 0): Uint8Array | null {
  const fields = protobufFields(b);
  if (!fields || fields.length === 0) return null;
  const parts: (Uint8Array | number[])[] = [];
  let copied = 0;
  let changed = false;
  for (const f of fields) {
    if (f.wire !== 2 || f.end === f.payload) continue;
    const payload = b.subarray(f.payload, f.end);
    let next: Uint8Array | null = null;
    const text = utf8DecodeStrict(payload);
    // A nested message starts with a key byte (below 0x20 for the first fields); a string with
    // text. Bytes that read both ways go by their first byte.
    const message = payload[0] < 0x20 && depth < MAX_MESSAGE_DEPTH && protobufFields(payload) !== null;
    if (!message && text !== null && isPrintable(text)) {
      const scanned = scan(text);
      if (scanned !== text) next = utf8Encode(scanned);
    } else if (depth < MAX_MESSAGE_DEPTH) {
      const inner = rewriteProtobuf(scan, payload, depth + 1);
      if (inner && inner !== payload) next = inner;
    }
    if (!next) continue;
    changed = true;
    parts.push(b.subarray(copied, f.start));
    // The key as it was, the new length, the new payload.
    const keyEnd = readVarint(b, f.start)![1];
    parts.push(b.subarray(f.start, keyEnd), writeVarint(next.length), next);
    copied = f.end;
  }
  if (!changed) return b;
  parts.push(b.subarray(copied));
  return concatBytes(parts);
}

/** A gRPC frame's length: the four bytes, big-endian, after its flag byte at `i`. */
const frameLength = (b: Uint8Array, i: number): number =>
  ((b[i + 1] << 24) >>> 0) + (b[i + 2] << 16) + (b[i + 3] << 8) + b[i + 4];

/** gRPC-web frames (flag byte, 4-byte big-endian length, message), or null when the bytes are not. */
export function rewriteGrpcFrames(
  scan: Scan,
  b: Uint8Array,
  other: (msg: Uint8Array) => Uint8Array = (m) => m,
  trailers: Scan = scan,
): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let i = 0;
  let changed = false;
  while (i < b.length) {
    if (i + 5 > b.length) return null;
    const flag = b[i];
    if ((flag & 0x7e) !== 0) return null;
    const len = frameLength(b, i);
    const end = i + 5 + len;
    if (end > b.length) return null;
    const msg = b.subarray(i + 5, end);
    let next: Uint8Array = msg;
    if (flag & 0x80) {
      // Trailers: `grpc-status: 0\r\ngrpc-message: …` as text.
      const t = latin1Decode(msg);
      const sc = trailers(t);
      // eslint-disable-next-line no-control-regex
      if (sc !== t) next = latin1Encode(sc.replace(/[^\x00-\xff]/g, '?'));
    } else if (len > 0) {
      next = rewriteProtobuf(scan, msg) ?? other(msg);
    }
    if (next !== msg) changed = true;
    const head = new Uint8Array([
      flag,
      (next.length >>> 24) & 255,
      (next.length >>> 16) & 255,
      (next.length >>> 8) & 255,
      next.length & 255,
    ]);
    parts.push(head, next);
    i = end;
  }
  return changed ? concatBytes(parts) : b;
}

/**
 * Bytes of no known framing: detector spans in their one-byte-per-character reading are replaced by
 * a mask of the very same length (the placeholder, cut or padded with `*`), so offsets hold.
 */
export function maskInPlace(
  p: Pass,
  b: Uint8Array,
  path: string,
  /** The bytes read one char per byte, when the caller has it already. */
  text = latin1Decode(b),
): Uint8Array {
  // The text reading finds the values (by detectors and by names, `resume_token=…`); each is then
  // masked where it stands in the bytes, at its own length.
  const found: [string, string][] = [];
  const outer = p.onSecret;
  p.onSecret = (value, rep) => {
    if (rep !== value) found.push([value, rep]);
    outer?.(value, rep);
  };
  try {
    scrubText(p, text, `${path}(bytes)`);
    if (CREDENTIAL_WORD.test(text)) {
      namedStrings(p, b, `${path}(bytes)`);
      bsonStrings(p, b, `${path}(bson)`);
    }
    mqttConnect(p, b, `${path}(mqtt)`);
  } finally {
    p.onSecret = outer;
  }
  if (found.length === 0) return b;
  // Each value as it stands in the bytes: as written, its UTF-8 bytes read one char per byte (a
  // value with letters past ASCII), percent-encoded; each masked at its own length.
  const forms: string[] = [];
  const masks: string[] = [];
  const seen = new Set<string>();
  for (const [value, rep] of found) {
    // eslint-disable-next-line no-control-regex
    const asBytes = /[^\x00-\x7f]/.test(value) ? latin1Decode(utf8Encode(value)) : value;
    for (const form of [value, asBytes, encodeURIComponent(value)]) {
      // (A form with a char past one byte is in no one-char-per-byte reading.)
      if (form.length < 4 || seen.has(form) || /[\u0100-\uffff]/.test(form)) continue;
      seen.add(form);
      const fitted =
        rep.length >= form.length ? rep.slice(0, form.length) : rep + '*'.repeat(form.length - rep.length);
      forms.push(form);
      masks.push(fitted.replace(/[^\x20-\x7e]/g, '*'));
    }
  }
  const out = b.slice();
  // One pass over the bytes for all forms (a frame of thousands of found strings).
  for (const m of new MultiLiteralMatcher(forms).find(text))
    for (let k = m.start; k < m.end; k++) out[k] = masks[m.id].charCodeAt(k - m.start);
  return out;
}

/** A credential's word in a binary reading: the gate of {@link namedStrings}. */
const CREDENTIAL_WORD = /token|pass|secret|auth|sess|key|pwd|otp|pin|sid|cookie|jwt/i;

/** Whether the bytes are a name's (`A-Z a-z 0-9 _ . -`): most random bytes fail at the first. */
function nameBytes(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i];
    const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
    if (!letter && !(c >= 0x30 && c <= 0x39) && c !== 0x5f && c !== 0x2e && c !== 0x2d) return false;
  }
  return true;
}

/** A MessagePack or CBOR string's head at `i`: its length and where its bytes start, or null. */
function stringHead(b: Uint8Array, i: number): [length: number, start: number] | null {
  const c = b[i];
  if (c >= 0xa0 && c <= 0xbf) return [c - 0xa0, i + 1]; // MessagePack fixstr
  if (c >= 0x60 && c <= 0x77) return [c - 0x60, i + 1]; // CBOR text string, short
  if (i + 1 >= b.length) return null;
  if (c === 0xd9 || c === 0x78) return [b[i + 1], i + 2]; // MessagePack str8, CBOR one-byte length
  if (i + 2 >= b.length) return null;
  if (c === 0xda || c === 0x79) return [(b[i + 1] << 8) | b[i + 2], i + 3]; // str16, two-byte length
  return null;
}

/**
 * MessagePack and CBOR maps (SignalR's and other binary protocols' frames): a string that is a
 * credential's name (`token`, `password`) followed at once by a string value: the value is judged
 * under that name. What goes is masked in place by the caller, like any other finding.
 */
function namedStrings(p: Pass, b: Uint8Array, path: string): void {
  for (let i = 0; i < b.length; i++) {
    const key = stringHead(b, i);
    if (!key || key[0] < 2 || key[0] > 40 || key[1] + key[0] >= b.length) continue;
    if (!nameBytes(b, key[1], key[1] + key[0])) continue;
    const name = latin1Decode(b.subarray(key[1], key[1] + key[0]));
    const d = p.decide('field', name);
    const value = d && stringHead(b, key[1] + key[0]);
    if (!d || !value || value[0] < 1 || value[1] + value[0] > b.length) continue;
    const text = utf8DecodeStrict(b.subarray(value[1], value[1] + value[0]));
    // (`{"type": "auth", "token": …}`: a value that is itself a credential's name is the next key.)
    const valueIsName = nameBytes(b, value[1], value[1] + value[0]) && p.decide('field', text ?? '');
    if (text === null || !isPrintable(text) || valueIsName) continue;
    p.named(text, d, 'field', name, `${path}.${name}`);
    i = value[1] + value[0] - 1;
  }
}

/**
 * BSON's string elements (MongoDB's wire format, Realm's and other sync protocols' frames): a type
 * byte 2, the element's name ending in a NUL, the string's length with its NUL (four bytes, little
 * endian), the string and its NUL. A string under a credential's name is judged under that name;
 * masked in place by the caller, so every length holds.
 */
function bsonStrings(p: Pass, b: Uint8Array, path: string): void {
  for (let i = b.indexOf(2); i >= 0 && i + 8 < b.length; i = b.indexOf(2, i + 1)) {
    // (The name's end looked for within a name's length: bytes with no NUL cost one pass.)
    const end = b.subarray(i + 1, i + 66).indexOf(0);
    const nul = i + 1 + end;
    if (end < 2 || nul + 5 > b.length || !nameBytes(b, i + 1, nul)) continue;
    const length = readU32LE(b, nul + 1);
    const start = nul + 5;
    if (length < 2 || start + length > b.length || b[start + length - 1] !== 0) continue;
    const name = latin1Decode(b.subarray(i + 1, nul));
    const d = p.decide('field', name);
    const text = d && utf8DecodeStrict(b.subarray(start, start + length - 1));
    if (!d || !text || !isPrintable(text)) continue;
    p.named(text, d, 'field', name, `${path}.${name}`);
    i = start + length - 1;
  }
}

/**
 * MQTT's CONNECT packet (MQTT over WebSocket: IoT consoles and brokers' web clients), versions 3.1,
 * 3.1.1 and 5: its password (the last field, when the flags say there is one) goes, masked in
 * place by the caller so that every length in the packet holds; the username is judged as one.
 */
function mqttConnect(p: Pass, b: Uint8Array, path: string): void {
  if (b.length < 16 || b[0] !== 0x10) return;
  const remaining = readMqttLength(b, 1);
  if (!remaining || remaining[1] + remaining[0] !== b.length) return;
  const field = (at: number): [number, number] | null =>
    at + 2 <= b.length && at + 2 + ((b[at] << 8) | b[at + 1]) <= b.length
      ? [at + 2, at + 2 + ((b[at] << 8) | b[at + 1])]
      : null;
  const protocol = field(remaining[1]);
  if (!protocol) return;
  const name = latin1Decode(b.subarray(protocol[0], protocol[1]));
  if (name !== 'MQTT' && name !== 'MQIsdp') return;
  let at = protocol[1];
  const level = b[at];
  const flags = b[at + 1];
  at += 4; // level, flags, keep-alive
  if (!(flags & 0x40) || at > b.length) return;
  const skipProperties = () => {
    const props = readMqttLength(b, at);
    if (props) at = props[1] + props[0];
    return props !== null;
  };
  if (level === 5 && !skipProperties()) return;
  const next = () => {
    const f = at <= b.length ? field(at) : null;
    if (f) at = f[1];
    return f;
  };
  if (!next()) return; // client id
  if (flags & 0x04 && ((level === 5 && !skipProperties()) || !next() || !next())) return; // will
  const user = flags & 0x80 ? next() : undefined;
  const password = next();
  if (user === null || !password || password[1] !== b.length) return;
  for (const [name, span] of [
    ['username', user],
    ['password', password],
  ] as const) {
    const d = span && p.decide('field', name);
    const text = span && utf8DecodeStrict(b.subarray(span[0], span[1]));
    if (d && text) p.named(text, d, 'field', name, path);
  }
}

/** MQTT's variable length: protobuf's varint, at most four bytes. [value, next], or null. */
function readMqttLength(b: Uint8Array, i: number): [number, number] | null {
  const v = readVarint(b, i);
  return v && v[1] - i <= 4 ? v : null;
}

/**
 * A trailers frame's text, `grpc-status: 0\r\nx-session-token: …`: each line judged as the
 * response header it is (a credential's name replaces or removes its value, `grpc-message` is read
 * as text), the lines kept in their order with their own breaks.
 */
function trailerScan(p: Pass, path: string): Scan {
  return (t) =>
    t
      .split(/(?<=\n)/)
      .map((line) => {
        const m = TRAILER_LINE.exec(line);
        if (!m) return line.trim().length >= 5 ? scrubText(p, line, `${path}(grpc trailers)`) : line;
        const [, name, gap, value, end] = m;
        const [h] = processHeaders(p, [{ name, value }], `${path}(grpc trailers)`);
        if (!h) return '';
        return h.value === value ? line : `${name}:${gap}${h.value}${end}`;
      })
      .join('');
}
const TRAILER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}):([ \t]*)(.*?)(\r?\n?)$/;

/**
 * The scan of a gRPC request's messages: a sign-in's password (`/auth.v1.AuthService/Login`),
 * found by its place among the first message's top-level fields (in the order written, which is
 * their numbers' in what protobuf's encoders write; nested messages are not looked into) as for
 * the other remote calls (see passwordsOf), goes under `password`, and so does the same text
 * wherever the messages hold it; every string is read as text.
 */
function grpcScan(p: Pass, b: Uint8Array, path: string): Scan {
  const scan = textScan(p, path);
  const method = path.startsWith('request.') ? grpcMethod(p.url) : undefined;
  const d = method && p.decide('field', 'password');
  if (!method || !d || b.length < 5 || b[0] !== 0) return scan;
  const len = frameLength(b, 0);
  const message = b.subarray(5, 5 + len);
  const args = (protobufFields(message) ?? []).map((f) => {
    if (f.wire === 0) return readVarint(message, f.payload)?.[0] ?? null;
    const text = f.wire === 2 ? utf8DecodeStrict(message.subarray(f.payload, f.end)) : null;
    return text !== null && isPrintable(text) ? text : null;
  });
  const passwords = new Set(passwordsOf(method, args));
  if (passwords.size === 0) return scan;
  return (t) => (passwords.has(t) ? p.named(t, d, 'field', 'password', `${path}<${method}>`) : scan(t));
}

/** Pass 1's reading of a string inside binary framing. */
function textScan(p: Pass, path: string): Scan {
  return (t) => (t.length >= 5 ? scrubText(p, t, `${path}(protobuf)`) : t);
}

/** gRPC-web-text: base64 chunks (each padded) of frames. Null when the text is not that. */
export function rewriteGrpcText(p: Pass, text: string, path: string): string | null {
  const chunks = text.trim().match(/[A-Za-z0-9+/]+={0,2}/g);
  if (!chunks || chunks.join('') !== text.trim()) return null;
  let changed = false;
  const out = chunks.map((c) => {
    const bin = base64DecodeLatin1(c);
    if (bin === null) return c;
    const bytes = latin1Encode(bin);
    const next = rewriteGrpcFrames(
      grpcScan(p, bytes, path),
      bytes,
      (m) => maskInPlace(p, m, `${path}(grpc)`),
      trailerScan(p, path),
    );
    if (!next || next === bytes) return c;
    changed = true;
    return base64Encode(next);
  });
  return changed ? out.join('') : text;
}

/** Binary bytes by what they hold: gRPC-web frames, a protobuf message, else masks in place. */
export function rewriteBinary(
  p: Pass,
  b: Uint8Array,
  mimeType: string,
  path: string,
  /** `b` read one char per byte, when the caller has it already. */
  text?: string,
): Uint8Array {
  const mime = mimeType.toLowerCase();
  if (mime.includes('grpc')) {
    const g = rewriteGrpcFrames(
      grpcScan(p, b, path),
      b,
      (m) => maskInPlace(p, m, `${path}(grpc)`),
      trailerScan(p, path),
    );
    if (g) return g;
  }
  const m = rewriteProtobuf(textScan(p, path), b);
  if (m) return m;
  return maskInPlace(p, b, path, text);
}

/**
 * Binary bodies given as text (gRPC-web-text's base64, or bytes one per character): rewritten as
 * their framing says. Null when the text is neither.
 */
export const binaryReader: Reader = {
  language: 'binary',
  read(p, text, mimeType, path) {
    if (/grpc-web-text/i.test(mimeType)) return rewriteGrpcText(p, text, path);
    // eslint-disable-next-line no-control-regex
    if (/[^\x00-\xff]/.test(text)) return null;
    const bytes = latin1Encode(text);
    const next = rewriteBinary(p, bytes, mimeType, path, text);
    return next === bytes ? text : latin1Decode(next);
  },
};

/** Whether decoded bytes are binary (control characters other than tab and line breaks). */
export function looksBinary(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x08\x0e-\x1f]/.test(text);
}
