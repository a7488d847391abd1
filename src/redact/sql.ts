/**
 * SQL statements in a text (an error page's failed query, a log line, a database console's
 * request): the values an INSERT gives its columns, by their places, and those a quoted column's
 * `= value` sets or compares (`SET \`remember_token\` = …`, `WHERE "api_key" = '…'`), by its name.
 * Error messages often write a query's bindings into it unquoted (Laravel's `insert into \`users\`
 * (\`email\`, \`password\`) values (alice@example.test, $2y$12$…)`), so a value is a quoted string
 * or, unquoted, what stands up to the next separator. A prepared statement's markers (`?`, `$1`,
 * `:name`), NULL, DEFAULT, booleans and calls are no values.
 */

/** A value in a statement: the column it goes to, its text (quotes' escapes undone) and its span. */
export interface SqlValue {
  column: string;
  value: string;
  start: number;
  end: number;
  /** Written without quotes (a binding an error message wrote in): a word there is a word. */
  bare: boolean;
}

/** Where SQL that names its columns may be: the readers run only where one of these shows. */
export function mayHoldSql(text: string): boolean {
  // (By indexOf, native, and the quoted columns' only where ` = ` shows: this runs on every
  // window a body is read in.)
  if (text.indexOf('nsert') >= 0 || text.indexOf('NSERT') >= 0) return true;
  return (
    text.indexOf(' = ') >= 0 &&
    (text.indexOf('` = ') >= 0 || text.indexOf('" = ') >= 0 || text.indexOf('] = ') >= 0)
  );
}

const INSERT =
  /\binsert\s+(?:ignore\s+)?into\s+(?:[`"[]?[\w$]{1,64}[`"\]]?\.){0,2}[`"[]?[\w$]{1,64}[`"\]]?\s*\(([^()]{1,4096})\)\s*values\s*\(/gi;
const QUOTED_COLUMN_SET = /([`"[])([\w$]{1,64})[`"\]]\s*=\s*/g;
const NO_VALUE = /^(?:null|default|true|false|\?|\$\d{1,4}|[:@][\w$]{1,64}|-?\d+(?:\.\d+)?)$/i;
const MAX_TUPLE = 64 * 1024;

/** An identifier with its quotes (backticks, double quotes, brackets) taken off. */
const bare = (name: string) => name.trim().replace(/^[`"[]|[`"\]]$/g, '');

/**
 * A value list from the character after its `(`: each item's span (trimmed), and where the list
 * ends (after its `)`), or null when it does not close within MAX_TUPLE.
 */
function tuple(text: string, from: number): { items: { start: number; end: number }[]; end: number } | null {
  const items: { start: number; end: number }[] = [];
  let depth = 0;
  let start = from;
  const limit = Math.min(text.length, from + MAX_TUPLE);
  for (let i = from; i < limit; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      const close = quoteEnd(text, i, limit);
      if (close < 0) return null;
      i = close;
    } else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if ((c === ',' || c === ')') && depth === 0) {
      items.push(trimmed(text, start, i));
      if (c === ')') return { items, end: i + 1 };
      start = i + 1;
    }
  }
  return null;
}

/** Where the quote opened at `at` closes (a doubled quote or a backslash escapes one), or -1. */
function quoteEnd(text: string, at: number, limit: number): number {
  const q = text[at];
  for (let i = at + 1; i < limit; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === q) {
      if (text[i + 1] !== q) return i;
      i++;
    }
  }
  return -1;
}

function trimmed(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** A qualified name (`excluded.password`, `u.session_token`): a column, not a value. */
const QUALIFIED = /^[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)+$/;
/** A string's prefix (SQL Server's `N'…'`, PostgreSQL's `E'…'`) and a cast after it (`'…'::text`). */
const STRING = /^[NnEe]?(['"])([\s\S]*)\1(?:::[\w ]{1,32})?$/;

/**
 * An item as a value: a quoted string's content (its escapes undone), or an unquoted word; null
 * for what is none.
 */
function valueOf(
  text: string,
  item: { start: number; end: number },
): { value: string; start: number; end: number; bare: boolean } | null {
  const raw = text.slice(item.start, item.end);
  if (!raw || NO_VALUE.test(raw)) return null;
  const quoted = STRING.exec(raw);
  if (quoted) {
    const q = quoted[1];
    const inner = quoted[2];
    if (!inner) return null;
    const start = item.start + raw.indexOf(q) + 1;
    return {
      value: inner.replace(q === "'" ? /''|\\'/g : /""|\\"/g, q),
      start,
      end: start + inner.length,
      bare: false,
    };
  }
  // A call (`NOW()`, `crypt('…', gen_salt('bf'))`), an expression or a column is no value.
  if (/[()'"`]/.test(raw) || QUALIFIED.test(raw)) return null;
  return { value: raw, start: item.start, end: item.end, bare: true };
}

/** The values a text's INSERTs and quoted columns' `= value` give their columns, in text order. */
export function sqlValues(text: string): SqlValue[] {
  const out: SqlValue[] = [];
  INSERT.lastIndex = 0;
  for (let m = INSERT.exec(text); m; m = INSERT.exec(text)) {
    const columns = m[1].split(',').map(bare);
    let at = INSERT.lastIndex;
    // Each row of a multi-row INSERT: `VALUES (…), (…)`.
    for (;;) {
      const row = tuple(text, at);
      if (!row) {
        // (What did not close within MAX_TUPLE is passed over whole: each INSERT in it would
        // read on as far again.)
        at = Math.min(text.length, at + MAX_TUPLE);
        break;
      }
      if (row.items.length === columns.length)
        row.items.forEach((item, k) => {
          const v = valueOf(text, item);
          if (v) out.push({ column: columns[k], ...v });
        });
      const next = /^\s*,\s*\(/.exec(text.slice(row.end, row.end + 64));
      if (!next) {
        at = row.end;
        break;
      }
      at = row.end + next[0].length;
    }
    INSERT.lastIndex = Math.max(INSERT.lastIndex, at);
  }
  const taken = new Set(out.map((o) => o.start));
  QUOTED_COLUMN_SET.lastIndex = 0;
  for (let m = QUOTED_COLUMN_SET.exec(text); m; m = QUOTED_COLUMN_SET.exec(text)) {
    const from = QUOTED_COLUMN_SET.lastIndex;
    const q = text[from];
    let end: number;
    if (q === "'" || q === '"') {
      const close = quoteEnd(text, from, Math.min(text.length, from + 4096));
      if (close < 0) {
        QUOTED_COLUMN_SET.lastIndex = Math.min(text.length, from + 4096);
        continue;
      }
      end = close + 1;
    } else {
      end = from;
      while (end < text.length && end - from < 4096 && !/[\s,;)]/.test(text[end])) end++;
    }
    const v = valueOf(text, { start: from, end });
    // (After `"col" =` or `[col] =`, PostgreSQL's and SQL Server's, a bare word is a column.)
    if (v && !taken.has(v.start) && (!v.bare || m[1] === '`')) out.push({ column: m[2], ...v });
    QUOTED_COLUMN_SET.lastIndex = end;
  }
  return out.sort((a, b) => a.start - b.start);
}
