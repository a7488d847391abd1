import type { Reader } from './types';
import { scrubText } from '../text';
import { QUOTED_PRINTABLE, throughQuotedPrintable } from './quoted-printable';

/** multipart/form-data: each part by its name, else in its own content type; part headers scanned. */
export const multipartReader: Reader = {
  language: 'multipart',
  read(p, text, mime, path, readBody) {
    let boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(mime)?.slice(1).find(Boolean);
    if (!boundary) {
      const first = /^--([^\r\n]+)\r?\n/.exec(text);
      if (!first) return null;
      boundary = first[1];
    }
    const delim = '--' + boundary;
    const pieces = text.split(delim);
    if (pieces.length < 2) return null;
    return pieces
      .map((piece, i) => {
        if (i === 0 || piece.startsWith('--')) return piece;
        const sep = /\r?\n\r?\n/.exec(piece);
        if (!sep) return piece;
        const head = piece.slice(0, sep.index);
        const body = piece.slice(sep.index + sep[0].length);
        const name = /\bname="([^"]*)"/i.exec(head)?.[1] ?? /\bname=([^;\s]+)/i.exec(head)?.[1] ?? '';
        const ctype = /content-type:\s*([^\r\n;]+)/i.exec(head)?.[1] ?? '';
        const trail = /\r?\n$/.exec(body)?.[0] ?? '';
        const content = body.slice(0, body.length - trail.length);
        const d = name ? p.decide('field', name) : null;
        const read = (t: string) =>
          d && t
            ? p.named(t, d, 'field', name, `${path}{${name}}`)
            : readBody(p, t, ctype, `${path}{${name}}`);
        // A quoted-printable part is read decoded (a token cut by a soft break is whole there).
        const next = (QUOTED_PRINTABLE.test(head) && throughQuotedPrintable(content, read)) || read(content);
        const newHead = scrubText(p, head, `${path}{${name}}(headers)`);
        return newHead + sep[0] + next + trail;
      })
      .join(delim);
  },
};
