/** Axis text shared by the charts: dark enough to read (contrast ≥ 7:1 on white). */
export const TICK = { fill: '#1f2933', fontSize: 12 };
export const AXIS_LABEL = { fill: '#3e4c59', fontSize: 12, textAnchor: 'middle' } as const;
/** Axis lines and tick marks. */
export const AXIS_COLOUR = '#666';
