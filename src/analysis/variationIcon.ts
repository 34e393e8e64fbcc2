/**
 * The Making Data Count variation icon, as NHS boards read it: the latest point of an SPC chart is
 * common cause, or special cause on the high or low side; read with the measure's improvement
 * direction, a special cause is an improvement or a concern. Pure: it reads only the SPC result's
 * values, centre lines and rules (src/stats/spc.ts decides the rules).
 */
import type { SpcRule } from '../stats/spc';

/** Which way is better: down for incidents and restrictive interventions, up for delivery. */
export type ImprovementDirection = 'up' | 'down';

export type Variation = 'common' | 'improvement' | 'concern';

export interface VariationIcon {
  variation: Variation;
  /** Side of the special cause: 'high' or 'low'; null for common cause. */
  side: 'high' | 'low' | null;
  direction: ImprovementDirection;
  /** The letter the icon carries (H or L for a special cause, none for common cause). */
  letter: 'H' | 'L' | null;
  /** What one point is: 'week', or 'gap' on a G chart. */
  unit: string;
  /** The icon in words, for its label and for screen readers. */
  text: string;
}

export interface RuledPoint {
  value: number;
  mean: number;
  rules: readonly SpcRule[];
  phase: number;
}

/**
 * The side a flagged point is on. Outside the limits, a run and 2 of 3 go by the side of the
 * centre line; a trend alone by its direction (the step into this point, or out of it for a
 * trend's first point).
 */
export function specialSide(points: readonly RuledPoint[], i: number): 'high' | 'low' | null {
  const p = points[i];
  if (!p || p.rules.length === 0) return null;
  if (p.rules.some((r) => r !== 'trend')) return p.value > p.mean ? 'high' : 'low';
  const next = points[i + 1];
  const prev = points[i - 1];
  const up = next && next.phase === p.phase && next.rules.includes('trend') ? next.value > p.value : prev !== undefined && p.value > prev.value;
  return up ? 'high' : 'low';
}

/** A point's variation read with the improvement direction. */
export function pointVariation(points: readonly RuledPoint[], i: number, direction: ImprovementDirection): Variation {
  const side = specialSide(points, i);
  if (side === null) return 'common';
  return (side === 'high') === (direction === 'up') ? 'improvement' : 'concern';
}

const DIRECTION_WORDS: Record<ImprovementDirection, string> = { up: 'higher is better', down: 'lower is better' };

/** The icon for a chart: its latest point's variation, with the improvement direction. Null with no points. */
export function variationIcon(points: readonly RuledPoint[], direction: ImprovementDirection, unit = 'week'): VariationIcon | null {
  if (points.length === 0) return null;
  const i = points.length - 1;
  const side = specialSide(points, i);
  const variation = pointVariation(points, i, direction);
  const letter = side === 'high' ? 'H' : side === 'low' ? 'L' : null;
  const what =
    variation === 'common' ? `Common cause variation: no sign of change in the latest ${unit}`
    : `Special cause ${variation === 'improvement' ? 'improvement' : 'concern'}: the latest ${unit} is unusually ${side}`;
  return { variation, side, direction, letter, unit, text: `${what} (${DIRECTION_WORDS[direction]}).` };
}
