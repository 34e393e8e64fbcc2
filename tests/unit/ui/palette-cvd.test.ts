/**
 * The colours that tell a chart's series or kinds of point apart stay apart with the common
 * colour-vision deficiencies: each set's colours, simulated for protanopia, deuteranopia and
 * tritanopia (Machado, Oliveira & Fernandes 2009, severity 1, applied in linear RGB), are at least
 * MIN_DELTA_E apart in CIE L*a*b* (ΔE*ab 1976, D65), as they are with normal vision. Sets with a
 * closer pair fail: the intervention kinds' old "other" grey (#9aa5b1) was 3.9 from chemical's
 * reddish purple with deuteranopia.
 */
import { describe, expect, it } from 'vitest';
import { INTERVENTION_COLOURS, OKABE_ITO, SEVERITY_COLOURS, SHARE_COLOURS, SHORTFALL_COLOURS } from '../../../src/ui/components/palette';
import { VARIATION_COLOURS } from '../../../src/ui/components/SpcChart';

/** Categorical colours about this far apart are told apart at a glance in a legend or a stack. */
const MIN_DELTA_E = 12;

type Matrix = [[number, number, number], [number, number, number], [number, number, number]];
const VISION: Record<string, Matrix> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const rgb = (hex: string) => [1, 3, 5].map((i) => linear(parseInt(hex.slice(i, i + 2), 16) / 255)) as [number, number, number];

/** L*a*b* (D65) of a colour as seen with `m`. */
function seen(hex: string, m: Matrix): [number, number, number] {
  const c = rgb(hex);
  const [r, g, b] = m.map((row) => Math.min(1, Math.max(0, row[0] * c[0] + row[1] * c[1] + row[2] * c[2]))) as [number, number, number];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** The closest pair of a set under each kind of vision. */
function closest(colours: Record<string, string>): { vision: string; a: string; b: string; deltaE: number } {
  let best = { vision: '', a: '', b: '', deltaE: Infinity };
  const names = Object.keys(colours);
  for (const [vision, m] of Object.entries(VISION)) {
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const [p, q] = [seen(colours[names[i]!]!, m), seen(colours[names[j]!]!, m)];
        const deltaE = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
        if (deltaE < best.deltaE) best = { vision, a: names[i]!, b: names[j]!, deltaE };
      }
    }
  }
  return best;
}

const asSet = (colours: readonly string[]) => Object.fromEntries(colours.map((c, i) => [String(i), c]));

describe('colour sets with the common colour-vision deficiencies', () => {
  it('simulates as published: white stays white, and a deuteranope confusion pair looks the same only with deuteranopia', () => {
    // Each of Machado's matrices keeps white (its rows sum to 1).
    for (const m of Object.values(VISION)) for (const row of m) expect(row[0] + row[1] + row[2]).toBeCloseTo(1, 4);
    // A mauve and a teal either side of grey along the deuteranope's confusion line (the matrix's null direction).
    const d = (v: string) => {
      const [p, q] = [seen('#ad6682', VISION[v]!), seen('#22957e', VISION[v]!)];
      return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    };
    expect(d('normal')).toBeGreaterThan(60);
    expect(d('deuteranopia')).toBeLessThan(1);
    expect(d('tritanopia')).toBeGreaterThan(60);
  });

  const sets: [string, Record<string, string>][] = [
    ['kinds of restrictive intervention', { ...INTERVENTION_COLOURS }],
    ["a person's incidents by severity", asSet(SEVERITY_COLOURS)],
    ['control chart points', { ...VARIATION_COLOURS }],
    ['staffing shortfall bands', asSet(SHORTFALL_COLOURS)],
    ['agency and unfamiliar share bands', asSet(SHARE_COLOURS)],
    ['commissioned hours in full and short', { full: OKABE_ITO.blue, short: OKABE_ITO.vermillion }],
    ["a person's staffing lines", { short: OKABE_ITO.vermillion, agency: OKABE_ITO.blue }],
  ];
  for (const [name, colours] of sets) {
    it(`${name}: every pair at least ${MIN_DELTA_E} apart`, () => {
      const c = closest(colours);
      expect(c.deltaE, `${c.a} and ${c.b} with ${c.vision}`).toBeGreaterThanOrEqual(MIN_DELTA_E);
    });
  }

  it('the old "other" grey would fail beside chemical', () => {
    expect(closest({ chemical: INTERVENTION_COLOURS.chemical, other: '#9aa5b1' }).deltaE).toBeLessThan(MIN_DELTA_E);
  });
});
