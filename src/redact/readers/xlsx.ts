/**
 * Spreadsheets (.xlsx, a ZIP of XML parts) judged by their cells' places, as a CSV's are: a column
 * under a header that names a credential (`password`, `API key`), and the cell right of a label
 * that names one (`API key | sk_live_…`, a sheet of settings). A text a sheet shows is mostly held
 * once in the shared strings (`xl/sharedStrings.xml`, by its index, apart from where it stands),
 * else in its cell (an inline string); the sheets (`xl/worksheets/*.xml`) hold the places. Each
 * sheet is read for its secrets' places, then the texts at those places are replaced where they are
 * held; the rest of each part is read as any XML is.
 */
import type { Pass } from '../context';
import { CREDENTIAL_LABEL, type NameDecision } from '../names';
import { decodeEntities, htmlEncode, TYPE_MARK } from '../text';
import { cannotBeCredential } from '../value-shape';

const SHARED_STRINGS = 'xl/sharedStrings.xml';
const SHEET = /^xl\/worksheets\/[^/]{1,128}\.xml$/;

/** A secret text's name (its header or label) and the decision it goes under. */
interface Secret {
  name: string;
  d: NameDecision;
}

/** A workbook's secret texts: shared strings by index, inline strings by sheet and cell. */
export interface WorkbookSecrets {
  shared: Map<number, Secret>;
  inline: Map<string, Map<string, Secret>>;
}

/** A cell holding a text: its column and row (from 0), the text, and where it is held. */
interface Cell {
  col: number;
  row: number;
  text: string;
  /** The shared string's index, or -1 for a text in the cell. */
  shared: number;
  ref: string;
}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** The texts of the shared strings' items (`<si>`: one `<t>`, or rich runs of them), in order. */
function sharedTexts(xml: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  for (let at = xml.indexOf('<si'); at >= 0;) {
    const open = xml.indexOf('>', at);
    if (open < 0) break;
    const close = xml[open - 1] === '/' ? open + 1 : xml.indexOf('</si>', open);
    if (close < 0) break;
    out.push({ text: runsText(xml.slice(open + 1, close)), start: open + 1, end: close });
    at = xml.indexOf('<si', close);
  }
  return out;
}

/** The text of `<t>` runs (phonetic runs, `<rPh>`, left out), entities decoded. */
function runsText(xml: string): string {
  let text = '';
  const body = xml.indexOf('<rPh') >= 0 ? withoutPhonetic(xml) : xml;
  for (let at = body.indexOf('<t'); at >= 0;) {
    const open = body.indexOf('>', at);
    if (open < 0) break;
    const close = body[open - 1] === '/' ? open : body.indexOf('</t>', open);
    if (close < 0) break;
    // (`<t>` and `<t xml:space="preserve">`; not `<tab>` or the like.)
    if (/^<t[\s>/]/.test(body.slice(at, at + 3))) text += decodeEntities(body.slice(open + 1, close));
    at = body.indexOf('<t', close);
  }
  return text;
}

/** Runs without their phonetic runs (`<rPh>…</rPh>`), each found once by indexOf. */
function withoutPhonetic(xml: string): string {
  let out = '';
  let last = 0;
  for (let at = xml.indexOf('<rPh'); at >= 0; at = xml.indexOf('<rPh', last)) {
    const end = xml.indexOf('</rPh>', at);
    if (end < 0) break;
    out += xml.slice(last, at);
    last = end + 6;
  }
  return out + xml.slice(last);
}

const CELL_REF = /^([A-Z]{1,3})(\d{1,7})$/;
const ATTR = (name: string) => new RegExp(`\\s${name}="([^"]*)"`);
const R_ATTR = ATTR('r');
const T_ATTR = ATTR('t');

/** A sheet's cells that hold a text (`t="s"`, `t="inlineStr"`, a formula's `t="str"`). */
function sheetCells(xml: string, shared: readonly string[]): Cell[] {
  const cells: Cell[] = [];
  for (let at = xml.indexOf('<c '); at >= 0;) {
    const open = xml.indexOf('>', at);
    if (open < 0) break;
    const selfClosed = xml[open - 1] === '/';
    const close = selfClosed ? open : xml.indexOf('</c>', open);
    if (close < 0) break;
    const attrs = xml.slice(at, open);
    const ref = CELL_REF.exec(R_ATTR.exec(attrs)?.[1] ?? '');
    const type = T_ATTR.exec(attrs)?.[1];
    if (ref && !selfClosed && (type === 's' || type === 'inlineStr' || type === 'str')) {
      const inner = xml.slice(open + 1, close);
      let col = 0;
      for (const ch of ref[1]) col = col * 26 + ch.charCodeAt(0) - 64;
      const cell = { col: col - 1, row: Number(ref[2]) - 1, ref: ref[0] };
      if (type === 's') {
        const index = Number(/<v>\s*(\d{1,9})\s*<\/v>/.exec(inner)?.[1] ?? -1);
        if (index >= 0 && index < shared.length) cells.push({ ...cell, text: shared[index], shared: index });
      } else {
        const text =
          type === 'str' ? decodeEntities(/<v>([^<]*)<\/v>/.exec(inner)?.[1] ?? '') : runsText(inner);
        cells.push({ ...cell, text, shared: -1 });
      }
    }
    at = xml.indexOf('<c ', close);
  }
  return cells;
}

/** How far down a sheet its header may stand (a title and notes above it). */
const HEADER_ROWS = 10;

/** A header's cell: a short word, or words (`Phone #2`, `Amount (€)`, `2FA enabled?`). */
const isHeading = (c: Cell): boolean =>
  c.text.trim().length <= 64 && (cannotBeCredential(c.text) || /\S\s+\S/.test(c.text.trim()));

/** A label's decision: one word as a name (`password`), words by their last (`API key`). */
function labelDecision(p: Pass, text: string): NameDecision | null {
  // (A label may end in a colon: `API key:`.)
  const label = text.trim().replace(/:$/, '');
  if (!label || label.length > 64) return null;
  if (/\s/.test(label) && !CREDENTIAL_LABEL.test(label)) return null;
  return p.decide('field', label);
}

/** labelDecision remembered by text, for one workbook (a sheet repeats its labels and values). */
function labelDecisions(p: Pass): (text: string) => NameDecision | null {
  const known = new Map<string, NameDecision | null>();
  return (text) => {
    let d = known.get(text);
    if (d === undefined) known.set(text, (d = labelDecision(p, text)));
    return d;
  };
}

/**
 * One sheet's secret cells. The header is the first row of two texts or more that are all words (no
 * value among them): a column under a header that names a credential goes. Below it (or anywhere,
 * without one), a row of a label and a value, side by side, loses its value when the label names a
 * credential; judged as under a broad name, so a word or a constant stays (`Password | (none)`).
 */
function sheetSecrets(
  decide: (text: string) => NameDecision | null,
  cells: Cell[],
): { cell: Cell; secret: Secret }[] {
  const rows = new Map<number, Cell[]>();
  for (const c of cells) {
    const row = rows.get(c.row);
    if (row) row.push(c);
    else rows.set(c.row, [c]);
  }
  const order = [...rows.keys()].sort((a, b) => a - b);
  // A sheet of labels and values (`Username | admin`, then `Password | …`): a row below the first
  // opens with a credential's label beside a value. Such a sheet has no header.
  const labelled = order.slice(1).some((r) => {
    const [first, next] = rows.get(r)!.sort((a, b) => a.col - b.col);
    return next !== undefined && next.col === first.col + 1 && decide(first.text) !== null;
  });
  const headerRow = labelled
    ? undefined
    : order.slice(0, HEADER_ROWS).find((r) => rows.get(r)!.length >= 2 && rows.get(r)!.every(isHeading));
  const columns = new Map<number, Secret>();
  for (const c of headerRow === undefined ? [] : rows.get(headerRow)!) {
    const d = decide(c.text);
    if (d) columns.set(c.col, { name: c.text.trim(), d });
  }
  const out: { cell: Cell; secret: Secret }[] = [];
  for (const r of order) {
    if (headerRow !== undefined && r <= headerRow) continue;
    const row = rows.get(r)!.sort((a, b) => a.col - b.col);
    row.forEach((c, k) => {
      const byColumn = columns.get(c.col);
      if (byColumn) return out.push({ cell: c, secret: byColumn });
      const label = row[k - 1];
      if (!label || label.col !== c.col - 1 || columns.has(label.col)) return;
      const d = decide(label.text);
      // (A sheet documenting fields: `password | string | The user's password`.)
      if (d && !TYPE_MARK.test(c.text.trim()))
        out.push({ cell: c, secret: { name: label.text.trim(), d: { ...d, broad: true } } });
    });
  }
  return out;
}

/** The secret texts of a workbook's sheets; undefined when the archive holds no sheet or finds none. */
export function workbookSecrets(
  p: Pass,
  files: readonly { name: string; data: Uint8Array }[],
): WorkbookSecrets | undefined {
  const sheets = files.filter((f) => SHEET.test(f.name));
  if (sheets.length === 0) return undefined;
  const sst = files.find((f) => f.name === SHARED_STRINGS);
  const shared = sst ? sharedTexts(utf8.decode(sst.data)).map((s) => s.text) : [];
  const found: WorkbookSecrets = { shared: new Map(), inline: new Map() };
  const decide = labelDecisions(p);
  for (const sheet of sheets)
    for (const { cell, secret } of sheetSecrets(decide, sheetCells(utf8.decode(sheet.data), shared))) {
      if (cell.shared >= 0) {
        if (!found.shared.has(cell.shared)) found.shared.set(cell.shared, secret);
        continue;
      }
      let cellsOf = found.inline.get(sheet.name);
      if (!cellsOf) found.inline.set(sheet.name, (cellsOf = new Map()));
      cellsOf.set(cell.ref, secret);
    }
  return found.shared.size + found.inline.size > 0 ? found : undefined;
}

/**
 * A part of a workbook with its secret texts replaced (a shared string's item, or an inline cell's
 * text, becomes one `<t>` of the placeholder); the same bytes when it holds none.
 */
export function withWorkbookSecrets(
  p: Pass,
  secrets: WorkbookSecrets,
  name: string,
  data: Uint8Array,
  path: string,
): Uint8Array {
  const inline = secrets.inline.get(name);
  // (Every other part of the workbook, its images too, is passed as it is, undecoded.)
  if (!inline && (name !== SHARED_STRINGS || secrets.shared.size === 0)) return data;
  const replace = (text: string, s: Secret) => p.named(text, s.d, 'field', s.name, `${path}{${s.name}}`);
  const xml = utf8.decode(data);
  let out = '';
  let last = 0;
  if (name === SHARED_STRINGS && secrets.shared.size > 0) {
    sharedTexts(xml).forEach((item, index) => {
      const s = secrets.shared.get(index);
      const rep = s && replace(item.text, s);
      if (!s || rep === item.text) return;
      out += `${xml.slice(last, item.start)}<t xml:space="preserve">${htmlEncode(rep!)}</t>`;
      last = item.end;
    });
  }
  if (inline) {
    for (let at = xml.indexOf('<c '); at >= 0;) {
      const open = xml.indexOf('>', at);
      if (open < 0) break;
      // (A styled blank cell, `<c r="B2" s="1"/>`, holds nothing: the next cell is looked at.)
      if (xml[open - 1] === '/') {
        at = xml.indexOf('<c ', open);
        continue;
      }
      const close = xml.indexOf('</c>', open);
      if (close < 0) break;
      const s = inline.get(R_ATTR.exec(xml.slice(at, open))?.[1] ?? '');
      const inner = xml.slice(open + 1, close);
      const isInline = T_ATTR.exec(xml.slice(at, open))?.[1] === 'inlineStr';
      const text =
        s && (isInline ? runsText(inner) : decodeEntities(/<v>([^<]*)<\/v>/.exec(inner)?.[1] ?? ''));
      const rep = s && replace(text!, s);
      if (s && rep !== text) {
        const written = htmlEncode(rep!);
        out +=
          xml.slice(last, open + 1) +
          (isInline
            ? `<is><t xml:space="preserve">${written}</t></is>`
            : inner.replace(/<v>[^<]*<\/v>/, `<v>${written}</v>`));
        last = close;
      }
      at = xml.indexOf('<c ', close);
    }
  }
  return last === 0 ? data : encoder.encode(out + xml.slice(last));
}
