/**
 * The box a wide table scrolls sideways in. A keyboard user can scroll only what takes focus, so
 * the box is a tab stop (WCAG 2.1.1; axe's scrollable-region-focusable), and a named region so
 * that stop is announced as the table it holds. Named "…: table" after the table's caption: the
 * card round it already carries the caption as its own name, and two regions of one name cannot
 * be told apart in a screen reader's list of landmarks.
 */
import type { ReactNode } from 'react';

export function TableScroll({ caption, what = 'table', children }: { caption: string; what?: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`${caption}: ${what}`}>
      {children}
    </div>
  );
}
