/**
 * The box a wide table scrolls sideways in. A keyboard user can scroll only what takes focus, so
 * while the table is wider than the box, the box is a tab stop (WCAG 2.1.1; axe's
 * scrollable-region-focusable) and a named region, so that stop is announced as the table it
 * holds; a table that fits is no extra stop on the way through the page. Named "…: table" after
 * the table's caption: the card round it may carry the caption as its own name, and two regions of
 * one name cannot be told apart in a screen reader's list of landmarks.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export function TableScroll({ caption, what = 'table', children }: { caption: string; what?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const scrolls = useScrollsSideways(box);
  return (
    <div ref={box} className="table-scroll" {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': `${caption}: ${what}` } : {})}>
      {children}
    </div>
  );
}

/** Whether the box's content is wider than the box, checked again whenever either changes size (a resize, new rows). */
function useScrollsSideways(box: React.RefObject<HTMLDivElement | null>): boolean {
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth);
    check();
    if (typeof ResizeObserver === 'undefined') return;
    const watch = new ResizeObserver(check);
    watch.observe(el);
    for (const child of el.children) watch.observe(child);
    return () => watch.disconnect();
  }, [box]);
  return scrolls;
}
