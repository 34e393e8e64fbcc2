/**
 * The one tab stop of a chart, and its keyboard: focused, the arrow keys step through its buckets
 * (chartKeys.ts), each shown with a mark on the bucket and a tooltip of the values a mouse hover
 * shows, and said to screen readers through a polite live region; Escape or leaving the chart hides it.
 *
 * role="application" (named "chart" by aria-roledescription) rather than "img": screen readers
 * pass the arrow keys to an application instead of reading on, and an image's contents are hidden
 * from them, a live region inside it included. The drawing itself is aria-hidden: the label says
 * what it shows and the table beside it gives the numbers.
 *
 * Only the mark and the tooltip are drawn again on a key: the drawing is passed in as children,
 * the same elements on every key press, so React does not render it again (the weekly charts'
 * paths are redrawn on filter changes only).
 */
import { useCallback, useId, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { keyHint, stepKey, tooltipLeft } from './chartKeys';

/** Where a bucket is, in pixels from the chart frame's top left: its band across, the plot's height. */
export interface BucketPlace {
  x: number;
  width: number;
  top: number;
  height: number;
}

interface Props {
  /** The frame, for the downloads (the chart's SVG inside it) and the chart's own measuring. */
  chartRef: RefObject<HTMLDivElement | null> | ((el: HTMLDivElement | null) => void);
  /** What the chart shows (its sentence), said on reaching it. */
  label: string;
  /** What a bucket is, for the key hint ("weeks", "months", "bars"). */
  things: string;
  count: number;
  /** Buckets moved by Page Up / Page Down. */
  page: number;
  /** The tooltip's lines for bucket i (its period or label first), as a mouse hover shows them. */
  tip: (i: number) => string[];
  /** The words said for bucket i (chartKeys.announcement). */
  spoken: (i: number) => string;
  /** Where bucket i is drawn (read from the drawing when a key is pressed); null: not drawn. */
  place: (i: number, frame: HTMLDivElement) => BucketPlace | null;
  children: ReactNode;
}

interface Shown {
  index: number;
  at: BucketPlace | null;
  /** The frame's width when placed: the tooltip stays inside it. */
  frameWidth: number;
}

/** A thin band is marked at least this wide, so a week of five years' weeks still shows. */
const MIN_MARK = 6;

export function ChartFrame(props: Props) {
  const frame = useRef<HTMLDivElement | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const hintId = useId();
  const { chartRef } = props;
  // The same function while the chart's ref is: a key press does not detach and attach it again.
  const setRef = useCallback(
    (el: HTMLDivElement | null) => {
      frame.current = el;
      if (typeof chartRef === 'function') chartRef(el);
      else chartRef.current = el;
    },
    [chartRef],
  );
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const current = shown && shown.index < props.count ? shown.index : null;
    const step = stepKey(e.key, current, props.count, props.page);
    if (step === null) return;
    e.preventDefault();
    const el = frame.current;
    if (step === 'hide' || !el) setShown(null);
    else setShown({ index: step.to, at: props.place(step.to, el), frameWidth: el.clientWidth });
  };
  const index = shown && shown.index < props.count ? shown.index : null;
  return (
    <div
      className="chart"
      ref={setRef}
      role="application"
      aria-roledescription="chart"
      tabIndex={0}
      aria-label={props.label}
      aria-describedby={hintId}
      onKeyDown={onKeyDown}
      onBlur={() => setShown(null)}
      style={{ position: 'relative' }}
    >
      <div aria-hidden="true">{props.children}</div>
      {index !== null && shown && <Mark shown={shown} lines={props.tip(index)} />}
      <span id={hintId} hidden>
        {keyHint(props.things, props.page)}
      </span>
      <div className="visually-hidden" aria-live="polite" data-testid="chart-value-said">
        {index === null ? '' : props.spoken(index)}
      </div>
    </div>
  );
}

/** The focus mark on the bucket and its tooltip beside it (over the plot only when neither side has room), neither taking the mouse. */
function Mark({ shown, lines }: { shown: Shown; lines: string[] }) {
  const tip = useRef<HTMLDivElement | null>(null);
  const at = shown.at;
  const width = at ? Math.max(MIN_MARK, at.width) : 0;
  const left = at ? at.x + at.width / 2 - width / 2 : 0;
  // Placed once its width is known, before it is painted.
  useLayoutEffect(() => {
    const el = tip.current;
    if (el) el.style.left = `${tooltipLeft(left, width, el.offsetWidth, shown.frameWidth)}px`;
  });
  const [head, ...rest] = lines;
  return (
    <div aria-hidden="true">
      {at && (
        <div
          className="chart-focus-mark"
          data-testid="chart-focus-mark"
          style={{ position: 'absolute', left, top: at.top, width, height: at.height, pointerEvents: 'none' }}
        />
      )}
      <div
        ref={tip}
        className="chart-key-tooltip"
        data-testid="chart-key-tooltip"
        style={{ position: 'absolute', top: (at?.top ?? 0) + 8, left: 0, pointerEvents: 'none' }}
      >
        <p>{head}</p>
        {rest.map((l, i) => (
          <p key={i}>{l}</p>
        ))}
      </div>
    </div>
  );
}

/**
 * Where bucket i of `count` is in a Recharts chart on a category axis, from the plot area (read
 * from the clip path Recharts draws round it): 'band', one band per category (bars); 'point', the
 * first category on the plot's left edge and the last on its right (lines with no bars), each
 * marked a step wide round its point.
 */
export function rechartsPlace(count: number, scale: 'band' | 'point'): (i: number, frame: HTMLDivElement) => BucketPlace | null {
  return (i, frame) => {
    const svg = frame.querySelector('svg.recharts-surface');
    const clip = svg?.querySelector('clipPath rect');
    if (!svg || !clip || count === 0) return null;
    const n = (name: string) => Number(clip.getAttribute(name) ?? 0);
    const [f, d] = [frame.getBoundingClientRect(), svg.getBoundingClientRect()];
    const step = scale === 'band' ? n('width') / count : n('width') / Math.max(1, count - 1);
    const start = scale === 'band' ? i * step : i * step - step / 2;
    return { x: d.left - f.left + n('x') + start, width: step, top: d.top - f.top + n('y'), height: n('height') };
  };
}
