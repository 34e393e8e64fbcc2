/**
 * The width a plain-SVG chart is drawn at: its box's, measured before the first paint and on every
 * resize. The last width measured by any chart is where the next one starts, so a chart mounts in
 * one render at the page's width rather than an empty render and a second (SpcDrawing).
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

let lastWidth = 0;

export function useChartWidth(): [RefObject<HTMLDivElement | null>, number] {
  const box = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(lastWidth);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      lastWidth = Math.round(el.clientWidth);
      setWidth(lastWidth);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [box, width];
}

/**
 * A plain-SVG chart's frame: one ref that both measures its width (useChartWidth) and hands the
 * element to its card (`chartRef`: the downloads read the SVG in it). One function from render to
 * render, so the frame is not detached and attached again on each.
 */
export function useChartFrame(chartRef: RefObject<HTMLDivElement | null>): [(el: HTMLDivElement | null) => void, number] {
  const [box, width] = useChartWidth();
  const frameRef = useCallback(
    (el: HTMLDivElement | null) => {
      box.current = el;
      chartRef.current = el;
    },
    [box, chartRef],
  );
  return [frameRef, width];
}
