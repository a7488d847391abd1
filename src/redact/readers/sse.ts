import { scrubRecurringText } from '../text';
import type { Reader } from './types';

const DATA_LINE = /^data:( ?)(.*?)(\r?)$/;
/** A line an event stream is made of: a field (`data`, `id`, `event`, `retry`) or a comment. */
const SSE_LINE = /^(?:data|id|event|retry):|^:/;

/**
 * Server-Sent Events: each event's `data:` lines as one payload in its own language (mostly JSON,
 * sometimes spread over several lines), every other line (`id:`, `: comments`, stray text) as text;
 * fields stay. A body without one event-stream line (an error page served under the stream's type)
 * is no stream: null, and it is read as text.
 */
export const sseReader: Reader = {
  language: 'sse',
  read(p, text, _mime, path, readBody) {
    const lines = text.split('\n');
    if (!lines.some((line) => SSE_LINE.test(line))) return null;
    let changed = false;
    const out = lines.slice();
    for (let i = 0; i < lines.length;) {
      // The event's run of data lines.
      let j = i;
      while (j < lines.length && DATA_LINE.test(lines[j])) j++;
      if (j === i) {
        const line = lines[i];
        if (line.length >= 8 && !/^(?:event|retry):/.test(line)) {
          const next = scrubRecurringText(p, line, `${path}[event line ${i}]`);
          if (next !== line) {
            out[i] = next;
            changed = true;
          }
        }
        i++;
        continue;
      }
      const parts = lines.slice(i, j).map((line) => DATA_LINE.exec(line)!);
      const payload = parts.map((m) => m[2]).join('\n');
      if (payload.length >= 5) {
        const next = readBody(p, payload, '', `${path}[event line ${i}]`);
        const rows = next === payload ? null : next.split('\n');
        if (rows && rows.length === parts.length) {
          rows.forEach((row, k) => (out[i + k] = `data:${parts[k][1]}${row}${parts[k][3]}`));
          changed = true;
        } else if (rows) {
          // The payload's lines did not stay lines: each read alone.
          parts.forEach((m, k) => {
            if (m[2].length < 5) return;
            const one = readBody(p, m[2], '', `${path}[event line ${i + k}]`);
            if (one === m[2]) return;
            out[i + k] = `data:${m[1]}${one}${m[3]}`;
            changed = true;
          });
        }
      }
      i = j;
    }
    return changed ? out.join('\n') : text;
  },
};
