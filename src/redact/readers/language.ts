/** The languages a body is read in (one reader each, see readers/index.ts). */
export type Language =
  | 'json'
  | 'ndjson'
  | 'form'
  | 'multipart'
  | 'javascript'
  | 'css'
  | 'html'
  | 'xml'
  | 'sse'
  | 'csv'
  | 'binary'
  | 'text';

// (`//registry.npmjs.org/:_authToken=…` starts a .npmrc, not a comment.)
const JS_START =
  /^\s*(?:\/\*|\/\/(?![\w-]+(?:\.[\w-]+)+[/:])|["']use strict["']|!function|\(function|\(\(\)|var |let |const |function[\s(*]|import[\s{]|export )/;

function firstNonWs(s: string): string {
  for (let i = 0; i < s.length && i < 256; i++) {
    const c = s[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t' && c !== '\ufeff') return c;
  }
  return '';
}

/**
 * A body's language: from its MIME type, sniffed when the type is missing, generic or lies (JSON
 * served as text/html, HTML as text/plain). `)]}'`-prefixed JSON is JSON.
 */
export function languageOf(mimeType: string, text: string): Language {
  const mime = mimeType.toLowerCase();
  const first = firstNonWs(text);
  if (mime.includes('x-www-form-urlencoded') && first !== '{' && first !== '[') return 'form';
  if (mime.includes('multipart/')) return 'multipart';
  if (mime.includes('event-stream')) return 'sse';
  if (/grpc|protobuf|x-proto\b/.test(mime)) return 'binary';
  if (mime.includes('ndjson') || mime.includes('jsonl') || mime.includes('json-seq')) return 'ndjson';
  if (first === '{' || first === '[' || text.startsWith(")]}'")) return 'json';
  if (mime.includes('json')) return 'json';
  if (first === '<') {
    const head = text.slice(0, 512).toLowerCase();
    if (head.includes('<?xml') && !head.includes('<html')) return 'xml';
    if (mime.includes('xml') && !mime.includes('html')) return 'xml';
    return 'html';
  }
  if (/javascript|ecmascript|\bx-js\b|\/jsx?\b/.test(mime)) return 'javascript';
  if (mime.includes('text/css')) return 'css';
  if (mime.includes('csv') || mime.includes('tab-separated') || mime.includes('ms-excel')) return 'csv';
  if (mime.includes('html')) return 'html';
  if (mime.includes('xml')) return 'xml';
  if ((!mime || mime.includes('octet-stream') || mime.includes('text/plain')) && JS_START.test(text))
    return 'javascript';
  // A download without its type (`application/octet-stream`, an export's `users.csv`): a header
  // row of names and a row as wide under it.
  if ((!mime || mime.includes('octet-stream')) && CSV_HEAD.test(text)) return 'csv';
  return 'text';
}

/** Two lines of 2 to 64 cells split alike by `,`, `;` or a tab, the first of names. */
const CSV_HEAD =
  /^\ufeff?"?[A-Za-z_][\w .-]{0,39}"?([,;\t])"?[A-Za-z_][\w .-]{0,39}"?(?:\1"?[A-Za-z_][\w .-]{0,39}"?){0,62}\r?\n[^\r\n]*\1/;
