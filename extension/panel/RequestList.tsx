import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EntrySummary } from '../shared/protocol';
import { formatBytes } from '../shared/ui/format';
import { scrollToShow, visibleRange } from './virtual-window';
import { nameOf } from './filter';
import type { Sort, SortKey } from './filter';

export const ROW_HEIGHT = 21;

const COLUMNS: [SortKey, string, string][] = [
  ['name', 'Name', 'c-name'],
  ['method', 'Method', 'c-method'],
  ['status', 'Status', 'c-status'],
  ['type', 'Type', 'c-type'],
  ['size', 'Size', 'c-size'],
  ['time', 'Time', 'c-time'],
  ['findings', 'Findings', 'c-find'],
];

export const formatTime = (ms: number | undefined): string =>
  ms === undefined || !Number.isFinite(ms) || ms < 0
    ? '—'
    : ms < 1000
      ? `${Math.round(ms)} ms`
      : `${(ms / 1000).toFixed(2)} s`;

/**
 * A virtualized list: only the rows in view (plus overscan) are in the DOM, so 10 000 requests
 * cost the same as 50. Arrow keys, Home/End and PageUp/PageDown move the selection; the column
 * headers sort (click again to reverse, a third time for capture order).
 */
export function RequestList({
  rows,
  selected,
  onSelect,
  sort,
  onSort,
  empty,
}: {
  rows: EntrySummary[];
  selected: number | null;
  onSelect: (index: number) => void;
  sort: Sort;
  onSort: (sort: Sort) => void;
  /** Shown instead of rows when there are none. */
  empty: string;
}): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const pos = selected === null ? -1 : rows.findIndex((r) => r.index === selected);
  const { start, end } = visibleRange(scrollTop, height, ROW_HEIGHT, rows.length);

  const move = (to: number) => {
    if (rows.length === 0) return;
    const p = Math.max(0, Math.min(rows.length - 1, to));
    onSelect(rows[p].index);
    const el = ref.current;
    if (el) el.scrollTop = scrollToShow(p, el.scrollTop, el.clientHeight, ROW_HEIGHT);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const keys: Record<string, number> = {
      ArrowDown: pos + 1,
      ArrowUp: pos - 1,
      PageDown: pos + page,
      PageUp: pos - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key in keys) {
      e.preventDefault();
      move(keys[e.key]);
    }
  };

  const nextSort = (key: SortKey): Sort =>
    sort.key !== key ? { key, dir: 1 } : sort.dir === 1 ? { key, dir: -1 } : { key: 'index', dir: 1 };

  return (
    <div class="list">
      <div class="list-head">
        {COLUMNS.map(([key, label, cls]) => (
          <button
            key={key}
            type="button"
            class={`${cls} sort`}
            aria-label={`Sort by ${label.toLowerCase()}${sort.key === key ? (sort.dir === 1 ? ', sorted ascending' : ', sorted descending') : ''}`}
            onClick={() => onSort(nextSort(key))}
          >
            {label}
            {sort.key === key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
          </button>
        ))}
      </div>
      <div
        ref={ref}
        class="list-body"
        role="listbox"
        aria-label="Captured requests"
        aria-activedescendant={pos >= 0 ? `row-${rows[pos].index}` : undefined}
        tabIndex={0}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKeyDown}
      >
        {rows.length === 0 && (
          <p class="muted empty" data-testid="list-empty">
            {empty}
          </p>
        )}
        <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {rows.slice(start, end).map((row, i) => {
            const name = nameOf(row.url);
            const findings =
              row.findings === null
                ? 'not analysed yet'
                : `${row.findings} finding${row.findings === 1 ? '' : 's'}`;
            return (
              <div
                key={row.index}
                id={`row-${row.index}`}
                role="option"
                aria-selected={row.index === selected}
                aria-label={`${row.method} ${name}, status ${row.status || 'none'}, ${findings}`}
                class={`row${row.index === selected ? ' selected' : ''}`}
                style={{ top: `${(start + i) * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
                onClick={() => onSelect(row.index)}
              >
                <span class="c-name" title={row.url}>
                  {name}
                  <span class="c-url">{row.url}</span>
                </span>
                <span class="c-method">{row.method}</span>
                <span class={`c-status${row.status >= 400 || row.status === 0 ? ' error' : ''}`}>
                  {row.status || '—'}
                </span>
                <span class="c-type">{row.type}</span>
                <span class="c-size">{formatBytes(row.size)}</span>
                <span class="c-time">{formatTime(row.time)}</span>
                <span class="c-find">
                  {row.findings === null ? (
                    <span class="muted" aria-hidden="true">
                      …
                    </span>
                  ) : row.findings > 0 ? (
                    <span class="badge" aria-hidden="true" title={findings}>
                      {row.findings}
                    </span>
                  ) : (
                    ''
                  )}
                  {row.bodyNotAvailable && (
                    <span class="muted" title="Response body not available" aria-hidden="true">
                      {' '}
                      ⌀
                    </span>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
