import type { Reader } from './types';

/** Server-Sent Events: each `data:` line's payload in its own language (mostly JSON); fields stay. */
export const sseReader: Reader = {
  language: 'sse',
  read(p, text, _mime, path, readBody) {
    let changed = false;
    const lines = text.split('\n').map((line, i) => {
      const m = /^(data|id|event):( ?)(.*?)(\r?)$/.exec(line);
      if (!m || m[1] !== 'data' || m[3].length < 5) return line;
      const next = readBody(p, m[3], '', `${path}[event line ${i}]`);
      if (next === m[3]) return line;
      changed = true;
      return `${m[1]}:${m[2]}${next}${m[4]}`;
    });
    return changed ? lines.join('\n') : text;
  },
};
