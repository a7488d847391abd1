/**
 * An engine.io v3 polling payload (Socket.IO 2): packets as `<length>:<packet>`, one after another
 * (`97:0{"sid":…}2:40135:42["login",{…}]`), the length in UTF-16 units as engine.io counts them.
 * Its packets, or null when `text` is not such a payload, whole: every packet starts with a packet
 * type (`0`–`6`, or `b` for base64 binary) and the last one ends the text.
 */
export function engineIoPackets(text: string): string[] | null {
  const c = text.charCodeAt(0);
  if (c < 49 || c > 57) return null;
  const packets: string[] = [];
  for (let i = 0; i < text.length;) {
    // The length: one to nine digits, no leading zero, then `:`.
    let colon = i;
    let length = 0;
    while (colon - i < 9 && text.charCodeAt(colon) >= 48 && text.charCodeAt(colon) <= 57)
      length = length * 10 + text.charCodeAt(colon++) - 48;
    if (colon === i || text[colon] !== ':' || text[i] === '0') return null;
    const end = colon + 1 + length;
    if (end > text.length || !/[0-6b]/.test(text[colon + 1])) return null;
    packets.push(text.slice(colon + 1, end));
    i = end;
  }
  return packets;
}

/**
 * `payload` with each of its `packets` passed through `rewrite`: as it was when none changed, else
 * written back with every packet's own (new) length, since a client refuses a wrong one.
 */
export function rewritePackets(
  payload: string,
  packets: string[],
  rewrite: (packet: string, index: number) => string,
): string {
  const outs = packets.map(rewrite);
  if (outs.every((out, k) => out === packets[k])) return payload;
  return outs.map((packet) => `${packet.length}:${packet}`).join('');
}
