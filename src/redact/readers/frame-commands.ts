import type { Pass } from '../context';

/**
 * Sign-in commands of line protocols carried in WebSocket text frames (web IRC clients, Redis and
 * mail or FTP consoles bridged to the browser): `AUTH [user] password` (Redis), `PASS password`
 * (IRC, FTP, POP3), `tag LOGIN user password` (IMAP), and Redis's RESP arrays
 * (`*2\r\n$4\r\nAUTH\r\n$8\r\n…\r\n`, `HELLO 3 AUTH user password`). The password goes under the
 * name `password`; RESP's lengths are written anew. Commands are upper case, as the protocols send
 * them, and open the frame: `Auth OK`, `auth failed` and a test runner's `PASS src/app.test.ts` in
 * a log stream are words.
 */
export function scrubFrameCommands(p: Pass, text: string, path: string): string {
  const c = text.charCodeAt(0);
  if (c === 42 && text.charCodeAt(1) >= 48 && text.charCodeAt(1) <= 57) return respCommand(p, text, path); // *
  if (text.length > 4096 || !COMMAND_START.test(text)) return text;
  let m = AUTH_FRAME.exec(text);
  if (m) {
    // `AUTH LOGIN` (SMTP) names a mechanism; the credentials follow in frames of their own.
    if (REPLY.test(m[2]) || (SASL_MECHANISM.test(m[2]) && /^AUTH[ \t]+$/.test(m[1]))) return text;
    return withPassword(p, text, m, path);
  }
  m = LOGIN_FRAME.exec(text);
  if (m) return withPassword(p, text, m, path);
  // IRC's registration (`PASS …`, `NICK …`, `USER …`) or one CRLF-ended command (FTP, POP3).
  const irc = /^(?:NICK|USER|CAP) /m.test(text);
  if (!irc && !/^PASS [^\r\n]*\r\n$/.test(text)) return text;
  m = PASS_LINE.exec(text);
  if (!m || REPLY.test(m[2]) || SOURCE_FILE.test(m[2])) return text;
  return withPassword(p, text, m, path);
}

const COMMAND_START = /^(?:[\w.-]{1,16} LOGIN |AUTH |PASS )|\nPASS /;
// The frame's first line: `AUTH pw`, `AUTH user pw`.
const AUTH_FRAME = /^(AUTH[ \t]+(?:[^\s]+[ \t]+)?)("[^"\r\n]+"|[^\s"]+)(?=[ \t]*(?:\r?\n|$))/;
const LOGIN_FRAME =
  /^([\w.-]{1,16}[ \t]+LOGIN[ \t]+(?:"[^"\r\n]*"|[^\s]+)[ \t]+)("[^"\r\n]+"|[^\s"]+)(?=[ \t]*(?:\r?\n|$))/;
const PASS_LINE = /(?:^|\n)(PASS[ \t]+:?)([^\s]+)(?=[ \t]*(?:\r?\n|$))/;
/** A server's answer, not a password. */
const REPLY = /^(?:OK|FAILED?|REQUIRED|DENIED|GRANTED|ACCEPTED|SUCCESS(?:FUL)?|ERR\w*|INVALID|EXPIRED)$/i;
/** A test runner's line (`PASS src/app.test.ts`). */
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|go|rb|rs|java|kt|php|cs|swift)$/i;
const SASL_MECHANISM =
  /^(?:PLAIN|LOGIN|CRAM-MD5|DIGEST-MD5|XOAUTH2?|OAUTHBEARER|EXTERNAL|ANONYMOUS|GSSAPI|NTLM|SCRAM-[\w-]+)$/i;

function withPassword(p: Pass, text: string, m: RegExpExecArray, path: string): string {
  const rep = password(p, m[2], path);
  if (rep === m[2]) return text;
  const at = m.index + m[0].length - m[2].length;
  return text.slice(0, at) + rep + text.slice(at + m[2].length);
}

function password(p: Pass, value: string, path: string): string {
  const d = p.decide('field', 'password');
  return d ? p.named(value, d, 'field', 'password', `${path}{command}`) : value;
}

const encoder = new TextEncoder();

/** Where `n` UTF-8 bytes starting at `s` end in `text` (RESP counts bytes, strings count UTF-16 units). */
function afterBytes(text: string, s: number, n: number): number {
  let k = s;
  let bytes = 0;
  while (bytes < n && k < text.length) {
    const c = text.codePointAt(k)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    k += c > 0xffff ? 2 : 1;
  }
  return bytes === n ? k : -1;
}

/** A RESP array of bulk strings; AUTH's (and HELLO's AUTH) password rewritten with its length. */
function respCommand(p: Pass, text: string, path: string): string {
  const parts: string[] = [];
  const RESP_ITEM = /\$(\d{1,6})\r\n/y;
  const head = /^\*(\d{1,4})\r\n/.exec(text);
  if (!head) return text;
  let i = head[0].length;
  for (let k = 0; k < Number(head[1]); k++) {
    RESP_ITEM.lastIndex = i;
    const m = RESP_ITEM.exec(text);
    if (!m) return text;
    const s = i + m[0].length;
    const e = afterBytes(text, s, Number(m[1]));
    if (e < 0 || text.slice(e, e + 2) !== '\r\n') return text;
    parts.push(text.slice(s, e));
    i = e + 2;
  }
  const verb = parts[0]?.toUpperCase();
  let at = -1;
  if (verb === 'AUTH' && parts.length >= 2) at = parts.length - 1;
  else if (verb === 'HELLO') {
    const auth = parts.findIndex((x, j) => j > 0 && x.toUpperCase() === 'AUTH');
    if (auth > 0 && auth + 2 < parts.length) at = auth + 2;
  }
  if (at < 0) return text;
  const rep = password(p, parts[at], path);
  if (rep === parts[at]) return text;
  parts[at] = rep;
  return `*${parts.length}\r\n${parts.map((x) => `$${encoder.encode(x).length}\r\n${x}\r\n`).join('')}${text.slice(i)}`;
}
