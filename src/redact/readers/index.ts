import type { Pass } from '../context';
import { scrubColonLines, scrubJson, scrubText } from '../text';
import { processParams } from '../url';
import { withItemLengths } from './envelope';
import { engineIoPackets, rewritePackets } from './engine-io';
import { languageOf, type Language } from './language';
import type { ReadBody, Reader } from './types';
import { readJs } from './js';
import { readCss } from './css';
import { htmlReader } from './html';
import { sseReader } from './sse';
import { csvReader } from './csv';
import { multipartReader } from './multipart';
import { binaryReader } from './binary';
import { MESSAGE_HEAD, QUOTED_PRINTABLE, throughQuotedPrintable } from './quoted-printable';

const XSSI = /^\)\]\}'[^\n]*\n/;

const jsonReader: Reader = {
  language: 'json',
  read(p, text, mime, path, readBody) {
    const j = scrubJson(p, text, path);
    if (j !== null) return j;
    // `)]}'` guards against JSON hijacking: the JSON is after the first line.
    const guard = XSSI.exec(text);
    if (guard) {
      const rest = scrubJson(p, text.slice(guard[0].length), path);
      if (rest !== null) return guard[0] + rest;
    }
    if (text.includes('\n')) return ndjsonReader.read(p, text, mime, path, readBody);
    return null;
  },
};

/** Plain text: `name: value` and `name = value` lines, free text and base64 of any size. */
const textReader: Reader = {
  language: 'text',
  read(p, text, _m, path, readBody) {
    const read = (t: string) => scrubText(p, scrubColonLines(p, t, path), path);
    return readMessage(p, text, path, read, readBody) ?? read(text);
  },
};

/**
 * A mail's source (`From:`, `Subject:`… then its body): a multipart body read part by part, a
 * quoted-printable one decoded (see quoted-printable.ts), the headers as text; null for other text.
 */
function readMessage(p: Pass, text: string, path: string, read: (t: string) => string, readBody: ReadBody) {
  const m = text.charCodeAt(0) < 128 && text.indexOf(':') > 0 ? MESSAGE_HEAD.exec(text) : null;
  if (!m) return null;
  const head = m[0].replace(/\r?\n[ \t]+/g, ' ');
  const body = text.slice(m[0].length);
  const multipart = /^content-type:[ \t]*(multipart\/[^\r\n]*)/im.exec(head)?.[1];
  const next = multipart
    ? multipartReader.read(p, body, multipart, path, readBody)
    : QUOTED_PRINTABLE.test(head)
      ? throughQuotedPrintable(body, read)
      : null;
  return next === null ? null : read(m[0]) + next;
}

const INI_SECTION = /^\[[\w .:-]{1,64}\]\r?$/;

const ndjsonReader: Reader = {
  language: 'ndjson',
  read(p, text, _mime, path, readBody) {
    const lines = text.split('\n');
    let json = false;
    const outs = lines.map((line, i) => {
      if (!line.trim()) return line;
      const next = scrubJson(p, line, `${path}[line ${i}]`);
      if (next !== null) json = true;
      return next ?? scrubText(p, line, path);
    });
    // Not one line of JSON and an INI file's section first (`[Interface]`, `[db]`): text, read as such.
    // (JSON cut short, as Firefox cuts long bodies, stays read line by line.)
    if (!json && INI_SECTION.test(lines[0])) return textReader.read(p, text, _mime, path, readBody);
    return withItemLengths(text, outs.join('\n'));
  },
};

/** A SockJS frame (`a["{\"msg\":…}"]`: messages as JSON strings in a JSON array; `c[…]` closes). */
function sockJsFrame(p: Pass, text: string, path: string): string | null {
  if ((text[0] !== 'a' && text[0] !== 'c') || text[1] !== '[' || !text.endsWith(']')) return null;
  const json = scrubJson(p, text.slice(1), path);
  return json === null ? null : text[0] + json;
}

/**
 * A Socket.IO packet in an engine.io message (`42["authenticate","…"]`, `40{"token":…}` as v4 sends
 * its auth, `43/admin,7[…]`): the JSON after the packet type, namespace and ack id, read as JSON (an
 * event's name and its first argument pair as a name and a value do).
 */
const SOCKET_IO = /^(4[0-6](?:\d+-)?(?:\/[^,[{]{0,128},)?\d{0,12})([[{][\s\S]*)$/;
function socketIoPacket(p: Pass, text: string, path: string): string | null {
  if (text.charCodeAt(0) !== 52) return null; // 4
  const m = SOCKET_IO.exec(text);
  if (!m) return null;
  // A sign-in event's argument is its token (`42["authenticate","<token>"]`): read as a token's.
  const event = AUTH_EVENT.exec(m[2]);
  if (event) {
    const json = scrubJson(p, `["token",${m[2].slice(event[0].length)}`, path);
    if (json !== null && json.startsWith('["token",')) return m[1] + event[0] + json.slice(9);
  }
  const json = scrubJson(p, m[2], path);
  return json === null ? null : m[1] + json;
}
const AUTH_EVENT = /^\[\s*"(?:auth(?:enticate|orize|entication)?|log_?in|sign_?in)"\s*,/i;

/**
 * SignalR's JSON hub protocol: messages each ended by the record separator (`{"type":1,"target":
 * "Authenticate","arguments":[…]}\x1e`), each read as the JSON it is.
 */
function signalRRecords(p: Pass, text: string, path: string): string | null {
  if (text.charCodeAt(0) !== 123 || text.charCodeAt(text.length - 1) !== 0x1e) return null;
  const records = text.slice(0, -1).split('\x1e');
  const out = records.map((r, k) =>
    r.length < 5 ? r : readBody(p, r, 'application/json', `${path}[record ${k}]`),
  );
  return out.join('\x1e') + '\x1e';
}

/** An engine.io v3 polling payload: each packet read as a frame is, the lengths written anew. */
function engineIoBody(p: Pass, text: string, path: string): string | null {
  const packets = engineIoPackets(text);
  if (packets === null) return null;
  return rewritePackets(text, packets, (packet, k) =>
    packet.length < 5 ? packet : readBody(p, packet, '', `${path}[packet ${k}]`),
  );
}

const READERS: Reader[] = [
  jsonReader,
  ndjsonReader,
  { language: 'form', read: (p, text, _m, path) => processParams(p, text, path, 0, true) },
  multipartReader,
  { language: 'javascript', read: (p, text, _m, path) => readJs(p, text, path) },
  { language: 'css', read: (p, text, _m, path) => readCss(p, text, path) },
  htmlReader,
  // XML, SOAP, SAML: elements by their names, base64 (SAML) decoded, by the markup scan.
  { language: 'xml', read: (p, text, _m, path) => scrubText(p, text, path) },
  sseReader,
  csvReader,
  binaryReader,
  textReader,
];

/** The one table of readers, by language. */
export const readers: ReadonlyMap<Language, Reader> = new Map(READERS.map((r) => [r.language, r]));

/** A body in its own language (see languageOf); text the reader does not take is read as plain text. */
export const readBody: ReadBody = (p: Pass, text: string, mimeType: string, path: string): string => {
  const sockJs = sockJsFrame(p, text, path);
  if (sockJs !== null) return sockJs;
  const socketIo = socketIoPacket(p, text, path);
  if (socketIo !== null) return socketIo;
  const engineIo = engineIoBody(p, text, path);
  if (engineIo !== null) return engineIo;
  const signalR = signalRRecords(p, text, path);
  if (signalR !== null) return signalR;
  const lang = languageOf(mimeType, text);
  const out = readers.get(lang)!.read(p, text, mimeType, path, readBody);
  if (out !== null) return out;
  if (/javascript|ecmascript/i.test(mimeType)) return readJs(p, text, path);
  return scrubText(p, text, path);
};
