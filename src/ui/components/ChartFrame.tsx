/**
 * The one tab stop of a chart, and its keyboard: focused, the arrow keys step through its buckets
 * (chartKeys.ts), each shown with a mark on the bucket and a tooltip of the values a mouse hover
 * shows, and said to screen readers through a polite live region; Escape, leaving the chart or new
 * data hides it. Until an arrow starts, Page Up/Down, Home and End scroll the page as anywhere else;
 * a caption under the focused chart tells sighted keyboard users the keys.
 *
 * role="application" (named "chart" by aria-roledescription) rather than "img": screen readers
 * pass the arrow keys to an application instead of reading on, and an image's contents are hidden
 * from them, a live region inside it included. The drawing itself is aria-hidden: its name and
 * caption (ChartCaption) say what it shows and the table beside it gives the numbers.
 *
 * Only the mark and the tooltip are drawn again on a key: the drawing is passed in as children,
 * the same elements on every key press, so React does not render it again (the weekly charts'
 * paths are redrawn on filter changes only).
 */
import { createContext, useCallback, useContext, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { atEnd, KEY_CAPTION, keyHint, markBand, MIN_MARK, stepKey, stillShown, tooltipLeft } from './chartKeys';

/** Where a bucket is, in pixels from the chart frame's top left: its band across, the plot's height. */
export interface BucketPlace {
  x: number;
  width: number;
  top: number;
  height: number;
}

interface Props {
  /** The frame, for the downloads (the chart's SVG inside it) and the chart's own measuring; the same function from render to render. */
  chartRef: RefObject<HTMLDivElement | null> | ((el: HTMLDivElement | null) => void);
  /** What the chart is ("Bar chart", "Control chart", "Chart by week"): said first on reaching it. */
  kind: string;
  /** What it shows: in its name only when no caption on the page says it (ChartCaption). */
  sentence: string;
  /** Its title and the caption saying its sentence; default the card it sits in (ChartCard). */
  caption?: ChartCaption;
  /** What a bucket is, for the key hint ("weeks", "months", "bars"). */
  things: string;
  count: number;
  /** Buckets moved by Page Up / Page Down. */
  page: number;
  /** The tooltip's lines for bucket i (its period or label first), as a mouse hover shows them. */
  tip: (i: number) => string[];
  /** The words said for bucket i (chartKeys.announcement). */
  spoken: (i: number) => string;
  /** Where bucket i is drawn now (read from the drawing after each change); null: not drawn. */
  place: (i: number, frame: HTMLDivElement) => BucketPlace | null;
  children: ReactNode;
}

interface Shown {
  index: number;
  /** The words said when it was shown: other words for it now mean the data changed. */
  said: string;
  /** The key moved nowhere (an end): its position is said too, so the key is not met with silence. */
  atEnd: boolean;
}

/** Where the shown bucket is drawn, read from the layout after the commit that showed or moved it. */
interface Placed {
  at: BucketPlace | null;
  /** The frame's width: the tooltip stays inside it. */
  frameWidth: number;
}

const samePlace = (a: Placed | null, b: Placed | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.frameWidth === b.frameWidth &&
    (a.at === b.at || (a.at !== null && b.at !== null && a.at.x === b.at.x && a.at.width === b.at.width && a.at.top === b.at.top && a.at.height === b.at.height)));

/**
 * A chart's title, and the ids of the elements on the page that say its sentence (a card's
 * sentence, a figure's caption). With one, the chart is named by its kind and title and described
 * by the caption, so a screen reader says the sentence once: as the caption when reading on, as
 * the description on reaching the chart (after its name, before the keys' hint), not again in the name.
 */
export interface ChartCaption {
  title: string;
  describedBy: string;
}

/** The caption of the card a chart sits in (provided by ChartCard). */
export const ChartCaptionContext = createContext<ChartCaption | null>(null);

export function ChartFrame(props: Props) {
  const card = useContext(ChartCaptionContext);
  const named = props.caption ?? card;
  const frame = useRef<HTMLDivElement | null>(null);
  const drawing = useRef<HTMLDivElement | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [placed, setPlaced] = useState<Placed | null>(null);
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
  const current = stillShown(shown, props.count, props.spoken);
  // A value new data hides is forgotten too (state adjusted in render, as React advises for a change of props), so data changing back says nothing either.
  if (shown && !current) setShown(null);
  const index = current?.index ?? null;
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const step = stepKey(e.key, index, props.count, props.page);
    if (step === null) return;
    e.preventDefault();
    if (step === 'hide') setShown(null);
    else setShown({ index: step.to, said: props.spoken(step.to), atEnd: step.to === index });
  };
  // The place is read from the layout as it is now, after every commit (a redraw, a resize, new
  // data) and on any change to the drawing or the frame's size while a value is shown.
  const measure = () => {
    const el = frame.current;
    const next = index === null || !el ? null : { at: props.place(index, el), frameWidth: el.clientWidth };
    setPlaced((prev) => (samePlace(prev, next) ? prev : next));
  };
  const remeasure = useRef(measure);
  useLayoutEffect(() => {
    remeasure.current = measure;
    measure();
  });
  useEffect(() => {
    const [el, box] = [drawing.current, frame.current];
    if (index === null || !el || !box) return;
    const again = () => remeasure.current();
    const drawn = new MutationObserver(again);
    drawn.observe(el, { subtree: true, childList: true, attributes: true });
    const sized = new ResizeObserver(again);
    sized.observe(box);
    return () => {
      drawn.disconnect();
      sized.disconnect();
    };
  }, [index]);
  const said = current === null ? '' : current.atEnd ? `${current.said}; ${atEnd(props.things, current.index, props.count)}` : current.said;
  return (
    <div
      className="chart"
      ref={setRef}
      role="application"
      aria-roledescription="chart"
      tabIndex={0}
      aria-label={named ? `${props.kind}: ${named.title}` : `${props.kind}. ${props.sentence} The table gives the numbers.`}
      aria-describedby={named ? `${named.describedBy} ${hintId}` : hintId}
      onKeyDown={onKeyDown}
      onBlur={() => setShown(null)}
      style={{ position: 'relative' }}
    >
      <div aria-hidden="true" ref={drawing}>
        {props.children}
      </div>
      {index !== null && <Mark placed={placed} lines={props.tip(index)} />}
      <span id={hintId} hidden>
        {keyHint(props.things, props.page)}
      </span>
      {/* Seen under the focused chart, so a sighted keyboard user knows the keys (the hint above is hidden). */}
      <span className="chart-key-caption" aria-hidden="true" data-testid="chart-key-caption">
        {KEY_CAPTION}
      </span>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="chart-value-said">
        {said}
      </div>
    </div>
  );
}

/** The focus mark on the bucket and its tooltip beside it (over the plot only when neither side has room), neither taking the mouse. */
function Mark({ placed, lines }: { placed: Placed | null; lines: string[] }) {
  const tip = useRef<HTMLDivElement | null>(null);
  const at = placed?.at ?? null;
  const frameWidth = placed?.frameWidth ?? 0;
  // Placed once its width is known, before it is painted.
  useLayoutEffect(() => {
    const el = tip.current;
    if (el) el.style.left = `${tooltipLeft(at?.x ?? 0, at?.width ?? 0, el.offsetWidth, frameWidth)}px`;
  });
  const [head, ...rest] = lines;
  return (
    <div aria-hidden="true">
      {at && (
        <div
          className="chart-focus-mark"
          data-testid="chart-focus-mark"
          style={{ position: 'absolute', left: at.x, top: at.top, width: at.width, height: at.height, pointerEvents: 'none' }}
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
 * Where bucket i of `count` is in a Recharts chart (the evidence pack's, drawn at a fixed size
 * for print), from the plot area Recharts clips to: a band each (bars) or a point each (a line).
 */
export function rechartsPlace(count: number, scale: 'band' | 'point'): (i: number, frame: HTMLDivElement) => BucketPlace | null {
  return (i, frame) => {
    const svg = frame.querySelector('svg.recharts-surface');
    const clip = svg?.querySelector('clipPath rect');
    if (!svg || !clip || count === 0) return null;
    const n = (name: string) => Number(clip.getAttribute(name) ?? 0);
    const [f, d] = [frame.getBoundingClientRect(), svg.getBoundingClientRect()];
    const band = markBand(scale, i, count, d.left - f.left + n('x'), n('width'), MIN_MARK);
    return { ...band, top: d.top - f.top + n('y'), height: n('height') };
  };
}

/**
 * Where bucket i of `count` is in a plain-SVG chart (svg.plain-chart: WeeklyChart, SpcDrawing, CiBarChart),
 * one band per bucket across the plot area `plotOf` gives for the drawing's width.
 */
export function plainChartPlace(count: number, plotOf: (svgWidth: number) => { x: number; y: number; width: number; height: number }): (i: number, frame: HTMLDivElement) => BucketPlace | null {
  return (i, frame) => {
    const svg = frame.querySelector('svg.plain-chart');
    if (!svg || count === 0) return null;
    const [f, d] = [frame.getBoundingClientRect(), svg.getBoundingClientRect()];
    const plot = plotOf(d.width);
    const band = markBand('band', i, count, d.left - f.left + plot.x, plot.width, MIN_MARK);
    return { ...band, top: d.top - f.top + plot.y, height: plot.height };
  };
}
