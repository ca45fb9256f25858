import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Every row is exactly this tall (px): what makes windowing a subtraction instead of a measurement. */
  rowHeight: number;
  /** Height of the scrolling viewport (px). */
  height: number;
  keyOf: (item: T) => string;
  renderRow: (item: T, index: number) => ComponentChildren;
  label: string;
  /** Rows drawn beyond each edge, so fast scrolling and Tab into the next row find something there. */
  overscan?: number;
  /** Called when the last rows come into view (a list that loads more as it scrolls). */
  onEndReached?: () => void;
}

/** Only the rows in view are in the DOM, so 5,000 saved items cost what 10 do. */
export function VirtualList<T>({ items, rowHeight, height, keyOf, renderRow, label, overscan = 4, onEndReached }: VirtualListProps<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const atEnd = last >= items.length;
  useEffect(() => {
    if (atEnd) onEndReached?.();
  }, [atEnd, items.length]);
  return (
    <div class="vlist" style={{ height: `${height}px` }} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
      <ul class="vlist__inner" aria-label={label} style={{ height: `${items.length * rowHeight}px` }}>
        {items.slice(first, last).map((item, offset) => {
          const index = first + offset;
          return (
            <li
              key={keyOf(item)}
              class="vlist__row"
              aria-setsize={items.length}
              aria-posinset={index + 1}
              style={{ top: `${index * rowHeight}px`, height: `${rowHeight}px` }}
              // Keyboard users tabbing past the window's edge: bring the focused row into view.
              onFocusIn={(event) => (event.currentTarget as HTMLElement).scrollIntoView?.({ block: 'nearest' })}
            >
              {renderRow(item, index)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
