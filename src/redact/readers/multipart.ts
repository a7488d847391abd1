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
    // Text outside the parts (a mail's preamble, what follows the closing delimiter) and a part
    // with no headers are read as text.
    const asText = (t: string, k: number) =>
      t.length < 5 ? t : readBody(p, t, 'text/plain', `${path}[${k}]`);
    return pieces
      .map((piece, i) => {
        if (i === 0) return asText(piece, i);
        if (piece.startsWith('--')) return '--' + asText(piece.slice(2), i);
        const sep = /\r?\n\r?\n/.exec(piece);
        if (!sep) return asText(piece, i);
        const head = piece.slice(0, sep.index);
        const body = piece.slice(sep.index + sep[0].length);
        // The form field's name, from Content-Disposition (a mail part's `Content-Type: …;
        // name="api_key_usage.csv"` names a file, not a field).
        const disposition = /^content-disposition:[^\r\n]*/im.exec(head)?.[0] ?? '';
        const name =
          /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? /\bname=([^;\s]+)/i.exec(disposition)?.[1] ?? '';
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
