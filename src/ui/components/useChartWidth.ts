/**
 * The width a plain-SVG chart is drawn at: its box's, measured before the first paint and on every
 * resize. The last width measured by any chart is where the next one starts, so a chart mounts in
 * one render at the page's width rather than an empty render and a second (SpcDrawing).
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

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
