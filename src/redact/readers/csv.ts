import type { Reader } from './types';
import { scrubText } from '../text';

interface Cell {
  value: string;
  start: number;
  end: number;
  quoted: boolean;
}

/**
 * The records of a CSV text from `from`, each a list of cells with their spans. A quoted cell may
 * hold separators, quotes (doubled) and line breaks (a notes column): records are not lines.
 */
function records(text: string, sep: string, from: number): Cell[][] {
  const out: Cell[][] = [];
  const n = text.length;
  let row: Cell[] = [];
  let i = from;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          value += text.slice(j);
          j = n;
          break;
        }
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q;
          break;
        }
      }
      const end = Math.min(j + 1, n);
      row.push({ value, start: i, end, quoted: true });
      i = end;
      while (i < n && text[i] !== sep && text[i] !== '\n') i++;
    } else {
      let j = i;
      while (j < n && text[j] !== sep && text[j] !== '\n') j++;
      const end = j > i && text[j - 1] === '\r' ? j - 1 : j;
      row.push({ value: text.slice(i, end), start: i, end, quoted: false });
      i = j;
    }
    if (i >= n) break;
    if (text[i] === sep) {
      i++;
      continue;
    }
    out.push(row);
    row = [];
    if (++i >= n) return out;
  }
  out.push(row);
  return out;
}

const SEPARATORS = [',', ';', '\t', '|'];
/** Excel's `sep=;` first line names the separator. */
const EXCEL_SEP = /^sep=(.)\r?$/;

/** The separator a header line uses most, outside quotes. */
function separatorOf(line: string): string {
  const unquoted = line.replace(/"(?:[^"]|"")*"/g, '');
  let best = ',';
  let most = 0;
  for (const s of SEPARATORS) {
    const count = unquoted.split(s).length - 1;
    if (count > most) {
      best = s;
      most = count;
    }
  }
  return best;
}

/**
 * CSV and TSV (also `;` and `|` separated, Excel's `sep=` line first): columns judged by their
 * header (`token`, `email`), other cells scanned as text. The header is the first of the opening
 * records with as many cells as the widest of them (a title line above it has one).
 */
export const csvReader: Reader = {
  language: 'csv',
  read(p, text, _mime, path) {
    const nl = text.indexOf('\n');
    if (nl < 0) return null;
    const firstLine = text.slice(0, nl);
    const excel = EXCEL_SEP.exec(firstLine);
    const from = excel ? nl + 1 : 0;
    const sep = excel ? excel[1] : separatorOf(firstLine);
    const rows = records(text, sep, from);
    const opening = rows.slice(0, 6);
    const widest = Math.max(...opening.map((r) => r.length));
    const h = opening.findIndex((r) => r.length === widest);
    const header = rows[h].map((c) => c.value.trim());
    const decisions = header.map((name) => (name ? p.decide('field', name) : null));
    let out = '';
    let last = 0;
    for (let r = h + 1; r < rows.length; r++) {
      rows[r].forEach((cell, c) => {
        if (!cell.value) return;
        const d = decisions[c];
        const where = `${path}[row ${r}].${header[c] ?? c}`;
        const next = d
          ? p.named(cell.value, d, 'field', header[c], where)
          : cell.value.length >= 5
            ? scrubText(p, cell.value, where)
            : cell.value;
        if (next === cell.value) return;
        const quote = cell.quoted || /["\r\n]/.test(next) || next.includes(sep);
        out += text.slice(last, cell.start) + (quote ? `"${next.replace(/"/g, '""')}"` : next);
        last = cell.end;
      });
    }
    return last === 0 ? text : out + text.slice(last);
  },
};
