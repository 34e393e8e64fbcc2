import { describe, expect, it } from 'vitest';
import { pointVariation, variationIcon, type RuledPoint } from '../../../src/analysis/variationIcon';
import { xmr } from '../../../src/stats/spc';

/** Points of an XmR chart of `values` (the rules come from src/stats/spc.ts). */
const chart = (values: number[]): RuledPoint[] => xmr(values).points;

/** Hand-made points: the icon reads only value, mean, rules and phase. */
const pt = (value: number, mean: number, rules: RuledPoint['rules'] = [], phase = 0): RuledPoint => ({ value, mean, rules, phase });

describe('Making Data Count variation icon', () => {
  it('common cause when the latest point carries no rule, whatever came before', () => {
    const points = [pt(30, 10, ['outsideLimits']), pt(11, 10), pt(9, 10)];
    expect(variationIcon(points, 'down')).toMatchObject({ variation: 'common', side: null, letter: null, direction: 'down' });
    expect(variationIcon(points, 'down')!.text).toBe('Common cause variation: no sign of change in the latest week (lower is better).');
  });

  it('a high special cause is a concern when lower is better (incidents) and an improvement when higher is better (plan delivery)', () => {
    const points = [pt(10, 10), pt(30, 10, ['outsideLimits'])];
    expect(variationIcon(points, 'down')).toMatchObject({ variation: 'concern', side: 'high', letter: 'H' });
    expect(variationIcon(points, 'up')).toMatchObject({ variation: 'improvement', side: 'high', letter: 'H' });
    expect(variationIcon(points, 'down')!.text).toBe('Special cause concern: the latest week is unusually high (lower is better).');
  });

  it('a low special cause is an improvement when lower is better', () => {
    const points = [pt(10, 10), pt(2, 10, ['shift'])];
    expect(variationIcon(points, 'down')).toMatchObject({ variation: 'improvement', side: 'low', letter: 'L' });
    expect(variationIcon(points, 'up')).toMatchObject({ variation: 'concern', side: 'low', letter: 'L' });
  });

  it('a trend alone goes by its direction, not the side of the mean', () => {
    // A falling trend still above the mean: low side (improving for incidents).
    const points = [pt(20, 10, ['trend']), pt(19, 10, ['trend']), pt(18, 10, ['trend'])];
    expect(variationIcon(points, 'down')).toMatchObject({ variation: 'improvement', side: 'low' });
    // The first point of a rising trend reads the step out of it.
    expect(pointVariation([pt(1, 10, ['trend']), pt(2, 10, ['trend'])], 0, 'up')).toBe('improvement');
  });

  it('reads the rules of a real XmR chart: a last week above the limit on an incidents chart is a concern', () => {
    // 8 7 8 9 8 7 8 9 8 7 8 30: mean 117/12 = 9.75; MRs 1 1 1 1 1 1 1 1 1 1 22, the 22 screened out
    // (≥ 3.267 × 3 = 9.8), mean MR 1: upper limit 9.75 + 2.66 = 12.41 < 30.
    const points = chart([8, 7, 8, 9, 8, 7, 8, 9, 8, 7, 8, 30]);
    expect(points[11]!.rules).toContain('outsideLimits');
    expect(variationIcon(points, 'down')).toMatchObject({ variation: 'concern', side: 'high', letter: 'H' });
  });

  it('reads a steady series as common cause', () => {
    expect(variationIcon(chart([8, 7, 8, 9, 8, 7, 8, 9, 8, 7, 8, 9]), 'down')!.variation).toBe('common');
  });

  it('names the unit of the chart and gives nothing for an empty chart', () => {
    expect(variationIcon([pt(1, 1)], 'up', 'gap')!.text).toMatch(/latest gap/);
    expect(variationIcon([], 'down')).toBeNull();
  });
});
