import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EntrySummary } from '../shared/protocol';
import { formatBytes } from '../shared/ui/format';
import { scrollToShow, visibleRange } from './virtual-window';

export const ROW_HEIGHT = 22;

/**
 * A virtualized list: only the rows in view (plus overscan) are in the DOM, so 10 000 requests
 * cost the same as 50. Arrow keys, Home/End and PageUp/PageDown move the selection.
 */
export function RequestList({
  rows,
  selected,
  onSelect,
}: {
  rows: EntrySummary[];
  selected: number | null;
  onSelect: (index: number) => void;
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

  return (
    <div class="list">
      <div class="list-head" role="presentation">
        <span class="c-method">Method</span>
        <span class="c-status">Status</span>
        <span class="c-url">URL</span>
        <span class="c-type">Type</span>
        <span class="c-size">Size</span>
        <span class="c-find">Findings</span>
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
        <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {rows.slice(start, end).map((row, i) => (
            <div
              key={row.index}
              id={`row-${row.index}`}
              role="option"
              aria-selected={row.index === selected}
              class={`row${row.index === selected ? ' selected' : ''}`}
              style={{ top: `${(start + i) * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
              onClick={() => onSelect(row.index)}
            >
              <span class="c-method">{row.method}</span>
              <span class={`c-status${row.status >= 400 || row.status === 0 ? ' error' : ''}`}>
                {row.status || '—'}
              </span>
              <span class="c-url" title={row.url}>
                {row.url}
              </span>
              <span class="c-type">{row.type}</span>
              <span class="c-size">{formatBytes(row.size)}</span>
              <span class="c-find">
                {row.findings === null ? (
                  <span class="muted">…</span>
                ) : row.findings > 0 ? (
                  <span class="badge" title={`${row.findings} finding(s)`}>
                    {row.findings}
                  </span>
                ) : (
                  ''
                )}
                {row.bodyNotAvailable && (
                  <span class="muted" title="Response body not available">
                    {' '}
                    ⌀
                  </span>
                )}
              </span>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
