/**
 * The plain-SVG charts' axes (WeeklyChart, CiBarChart), drawn one way: a value axis's ticks (a
 * 6 px mark and its number beside the plot's edge), a tick under the plot with its label, and an
 * axis title turned along its axis. Inside a <g> carrying TICK's font and fill.
 */
import type { ReactNode } from 'react';
import { AXIS_COLOUR, AXIS_LABEL } from './chartStyle';

/** Ticks of a value axis at the plot's `edge` (x), outside the plot on its `side`, each at height y(t). */
export function ValueTicks({ ticks, y, edge, side }: { ticks: readonly number[]; y: (t: number) => number; edge: number; side: 'left' | 'right' }) {
  const x1 = side === 'left' ? edge - 6 : edge;
  return (
    <>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x1} x2={x1 + 6} y1={y(t)} y2={y(t)} stroke={AXIS_COLOUR} />
          <text x={side === 'left' ? edge - 9 : edge + 9} y={y(t)} dy="0.355em" textAnchor={side === 'left' ? 'end' : 'start'}>
            {String(t)}
          </text>
        </g>
      ))}
    </>
  );
}

/** A tick under the plot (its bottom edge at `bottom`) at x, with its label. */
export function BottomTick({ x, bottom, label }: { x: number; bottom: number; label: ReactNode }) {
  return (
    <g>
      <line x1={x} x2={x} y1={bottom} y2={bottom + 6} stroke={AXIS_COLOUR} />
      <text x={x} y={bottom + 20} textAnchor="middle">
        {label}
      </text>
    </g>
  );
}

/** An axis's title centred at (x, y), turned to read up the left axis or down the right one. */
export function AxisTitle({ x, y, side, children }: { x: number; y: number; side: 'left' | 'right'; children: ReactNode }) {
  return (
    <text transform={`translate(${x},${y}) rotate(${side === 'left' ? -90 : 90})`} style={AXIS_LABEL}>
      {children}
    </text>
  );
}
