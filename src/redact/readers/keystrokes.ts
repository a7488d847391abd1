/**
 * A web terminal's typed password (ttyd, GoTTY, xterm.js over a WebSocket: each keystroke a frame
 * the page sends). After a frame the terminal sent that ends in a password prompt (`[sudo] password
 * for alice: `, `Password:`, `Enter passphrase for key '…':`), the keystrokes the page sends up to
 * the Enter (a frame holding `\r` or `\n`) are the password, which the terminal does not echo: no
 * single frame shows it. They are judged as one value under `password`; the first keystroke's frame
 * holds its placeholder, the others keep only their protocol's prefix (ttyd's `0`).
 */
import type { Pass } from '../context';

export interface WsFrame {
  type?: string;
  opcode?: number;
  data?: string;
}

/** A prompt for something typed blind, at the end of what the terminal showed. */
const PROMPT =
  /(?:password|passphrase|passcode|passwort|mot de passe|contraseña|pin|token)\b[^\r\n]{0,80}:\s*$/i;
/** How many frames a typed password may take (keystrokes, and frames the terminal sends between). */
const MAX_FRAMES = 512;

const isText = (m: WsFrame) => !!m && typeof m === 'object' && typeof m.data === 'string' && m.opcode !== 2;

/** The frames' new data by index, where a typed password was found; undefined when none was. */
export function typedSecrets(
  p: Pass,
  frames: readonly WsFrame[],
  path: string,
): Map<number, string> | undefined {
  let out: Map<number, string> | undefined;
  for (let i = 0; i < frames.length; i++) {
    const m = frames[i];
    if (!isText(m) || m.type !== 'receive' || !PROMPT.test((m.data as string).slice(-160))) continue;
    // The keystrokes sent after the prompt, up to the one that ends the line.
    const keys: number[] = [];
    let end = -1;
    for (let j = i + 1; j < frames.length && j <= i + MAX_FRAMES; j++) {
      const f = frames[j];
      if (!isText(f) || f.type !== 'send') continue;
      keys.push(j);
      if (/[\r\n]/.test(f.data as string)) {
        end = j;
        break;
      }
    }
    if (end < 0) continue;
    const data = keys.map((k) => frames[k].data as string);
    // A prefix every frame carries (ttyd's `0` for input), when each holds more than it.
    const prefix =
      data.length > 1 && data.every((d) => d.length >= 2 && d[0] === data[0][0]) && !/[\r\n]/.test(data[0][0])
        ? data[0][0]
        : '';
    // Each frame's keys, and what follows the Enter in the last (kept).
    const parts = data.map((d) => {
      const body = d.slice(prefix.length);
      const cut = body.search(/[\r\n]/);
      return cut < 0 ? { keys: body, tail: '' } : { keys: body.slice(0, cut), tail: body.slice(cut) };
    });
    let typed = '';
    for (const { keys: k } of parts)
      for (const c of k) typed = c === '\x7f' || c === '\b' ? typed.slice(0, -1) : typed + c;
    const d = typed ? p.decide('field', 'password') : null;
    if (!d) continue;
    const rep = p.named(typed, d, 'field', 'password', `${path}[${keys[0]}]{typed}`);
    if (rep === typed) continue;
    out ??= new Map();
    keys.forEach((k, n) => out!.set(k, prefix + (n === 0 ? rep : '') + parts[n].tail));
    i = end;
  }
  return out;
}
