import type { Reader } from './types';
import { scrubText } from '../text';

/** One CSV line's fields with their spans (quoted fields keep their quotes out of the value). */
function fields(line: string, sep: string): { value: string; start: number; end: number; quoted: boolean }[] {
  const out: { value: string; start: number; end: number; quoted: boolean }[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let j = i + 1;
      let value = '';
      while (j < line.length) {
        if (line[j] === '"' && line[j + 1] === '"') {
          value += '"';
          j += 2;
        } else if (line[j] === '"') break;
        else value += line[j++];
      }
      out.push({ value, start: i, end: j + 1, quoted: true });
      i = line.indexOf(sep, j + 1);
    } else {
      const e = line.indexOf(sep, i);
      const end = e < 0 ? line.length : e;
      out.push({ value: line.slice(i, end), start: i, end, quoted: false });
      i = e;
    }
    if (i < 0) break;
    i++;
  }
  return out;
}

/**
 * CSV and TSV (tabs in a header without commas): columns judged by their header (`token`,
 * `email`), other cells scanned as text.
 */
export const csvReader: Reader = {
  language: 'csv',
  read(p, text, _mime, path) {
    const lines = text.split('\n');
    if (lines.length < 2) return null;
    const first = lines[0].replace(/\r$/, '');
    const sep = first.includes('\t') && !first.includes(',') ? '\t' : ',';
    const header = fields(first, sep).map((f) => f.value.trim());
    const decisions = header.map((h) => (h ? p.decide('field', h) : null));
    let changed = false;
    for (let r = 1; r < lines.length; r++) {
      const line = lines[r];
      if (!line.trim()) continue;
      const cells = fields(line.replace(/\r$/, ''), sep);
      let out = '';
      let last = 0;
      cells.forEach((cell, c) => {
        const d = decisions[c];
        const where = `${path}[row ${r}].${header[c] ?? c}`;
        const next = d
          ? p.named(cell.value, d, 'field', header[c], where)
          : cell.value.length >= 5
            ? scrubText(p, cell.value, where)
            : cell.value;
        if (next === cell.value) return;
        out +=
          line.slice(last, cell.start) +
          (cell.quoted || /["\n]/.test(next) || next.includes(sep) ? `"${next.replace(/"/g, '""')}"` : next);
        last = cell.end;
      });
      if (last > 0) {
        lines[r] = out + line.slice(last);
        changed = true;
      }
    }
    return changed ? lines.join('\n') : text;
  },
};
