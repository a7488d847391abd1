import type { Pass } from '../context';

/**
 * Sign-in commands of line protocols carried in WebSocket text frames (web IRC clients, Redis and
 * mail or FTP consoles bridged to the browser): `AUTH [user] password` (Redis), `PASS password`
 * (IRC, FTP, POP3), `tag LOGIN user password` (IMAP), and Redis's RESP arrays
 * (`*2\r\n$4\r\nAUTH\r\n$8\r\n…\r\n`, `HELLO 3 AUTH user password`). The password goes under the
 * name `password`; RESP's lengths are written anew. Only frames are read so: in a page or a log,
 * `PASS src/app.test.ts` is a test runner's line.
 */
export function scrubFrameCommands(p: Pass, text: string, path: string): string {
  const c = text.charCodeAt(0);
  if (c === 42 && text.charCodeAt(1) >= 48 && text.charCodeAt(1) <= 57) return respCommand(p, text, path); // *
  if (text.length > 4096 || !COMMAND_HINT.test(text)) return text;
  return text.replace(COMMAND_LINE, (line, head: string, value: string) => {
    // `AUTH LOGIN` (SMTP) names a mechanism; the credentials follow in frames of their own.
    if (SASL_MECHANISM.test(value) && /^AUTH[ \t]+$/i.test(head)) return line;
    const rep = password(p, value, path);
    return rep === value ? line : head + rep;
  });
}

const COMMAND_HINT = /(?:^|\n)(?:[\w.-]{1,16} )?(?:AUTH|PASS|LOGIN) /i;
// `AUTH pw`, `AUTH user pw`, `PASS pw`, `PASS :pw`, `a1 LOGIN user pw`: the last word is the password.
const COMMAND_LINE =
  /^((?:AUTH[ \t]+(?:[^\s]+[ \t]+)?|PASS[ \t]+:?|[\w.-]{1,16}[ \t]+LOGIN[ \t]+(?:"[^"\r\n]*"|[^\s]+)[ \t]+))("[^"\r\n]+"|[^\s"]+)(?=[ \t]*\r?$)/gim;

const SASL_MECHANISM =
  /^(?:PLAIN|LOGIN|CRAM-MD5|DIGEST-MD5|XOAUTH2?|OAUTHBEARER|EXTERNAL|ANONYMOUS|GSSAPI|NTLM|SCRAM-[\w-]+)$/i;

function password(p: Pass, value: string, path: string): string {
  const d = p.decide('field', 'password');
  return d ? p.named(value, d, 'field', 'password', `${path}{command}`) : value;
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
    const n = Number(m[1]);
    const s = i + m[0].length;
    if (text.slice(s + n, s + n + 2) !== '\r\n') return text;
    parts.push(text.slice(s, s + n));
    i = s + n + 2;
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
  return `*${parts.length}\r\n${parts.map((x) => `$${new TextEncoder().encode(x).length}\r\n${x}\r\n`).join('')}${text.slice(i)}`;
}
