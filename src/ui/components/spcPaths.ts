/**
 * The SVG paths of a control chart's centre line and process limits, per phase (SpcChart's
 * PhaseLines draws them). Pure, so the geometry is tested without a browser.
 */

/** What a path needs of a point: its phase, mean and limits. */
export interface PhasePoint {
  phase: number;
  mean: number;
  lower: number | null;
  upper: number | null;
}

export interface PhasePath {
  /** m<phase>, u<phase>, l<phase>. */
  key: string;
  /** SVG path data ('' when nothing is drawn). */
  d: string;
  /** The centre line (solid) rather than a limit (dashed). */
  mean: boolean;
}

/**
 * For each phase in order of first appearance: the mean, the upper and the lower limit (through
 * `floor`, e.g. 0 for counts) as a path through the points of that phase only, at x `xs[i]` and
 * y `y(value)`. A point without a position or a value lifts the pen, so a missing limit is a gap
 * and a new phase a new line (a re-baseline shows as a step, never a slope).
 */
export function phasePaths<P extends PhasePoint>(
  points: readonly P[],
  xs: readonly (number | null)[],
  y: (v: number) => number | undefined,
  floor: (v: number | null) => number | null = (v) => v,
): PhasePath[] {
  const path = (phase: number, at: (p: P) => number | null) => {
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      const v = p.phase === phase ? at(p) : null;
      const py = v === null ? undefined : y(v);
      const px = xs[i];
      if (py === undefined || px === null || px === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${px},${py}`;
      pen = true;
    });
    return d;
  };
  return [...new Set(points.map((p) => p.phase))].flatMap((phase) => [
    { key: `m${phase}`, d: path(phase, (p) => p.mean), mean: true },
    { key: `u${phase}`, d: path(phase, (p) => p.upper), mean: false },
    { key: `l${phase}`, d: path(phase, (p) => floor(p.lower)), mean: false },
  ]);
}
