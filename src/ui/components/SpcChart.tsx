/**
 * A statistical process control chart in the Making Data Count style: the values joined by a grey
 * line, the centre line and process limits of each phase (separate lines, so a re-baseline shows
 * as a step), special-cause points marked orange (concern) or blue (improvement) with a distinct
 * shape, and dated events as numbered vertical lines (drawn as plain SVG: SpcDrawing.tsx). The
 * numbers are in a table beneath.
 */
import { memo, useId } from 'react';
import type { VariationIcon } from '../../analysis/variationIcon';
import type { SpcRule } from '../../stats/spc';
import { formatNumber } from '../format';
import { ChartCard } from './ChartCard';
import { ChartFrame } from './ChartFrame';
import { announcement, spokenRange } from './chartKeys';
import { VariationBadge } from './VariationBadge';
import type { Marker } from './markers';
import { OKABE_ITO } from './palette';
import { SpcDrawing, spcPlace } from './SpcDrawing';

export type Variation = 'common' | 'concern' | 'improvement';

export interface SpcDatum {
  /** Category on the x axis (a week's Monday, or a gap's end date). */
  x: string;
  value: number;
  mean: number;
  lower: number | null;
  upper: number | null;
  rules: SpcRule[];
  variation: Variation;
  phase: number;
}

export const VARIATION_COLOURS: Record<Variation, string> = {
  common: '#7b8794',
  concern: OKABE_ITO.orange,
  improvement: OKABE_ITO.blue,
};
const VARIATION_WORDS: Record<Variation, string> = { common: 'common cause', concern: 'special cause: concern', improvement: 'special cause: improvement' };
const RULE_WORDS: Record<SpcRule, string> = {
  outsideLimits: 'outside limits',
  shift: 'run of 7',
  trend: 'trend of 7',
  twoOfThree: '2 of 3 near a limit',
};

interface Props {
  id: string;
  title: string;
  sentence: string;
  points: SpcDatum[];
  /** How an x value reads in the table and tooltip. */
  xLabel: (x: string) => string;
  xHeader: string;
  valueHeader: string;
  digits?: number;
  /** Counts and shares cannot go below 0: draw a negative lower limit at 0. */
  floorAtZero?: boolean;
  /** Numbered event lines (see weekMarkers). */
  markers?: Marker[];
  warnings?: string[];
  /** What a point is, for the keyboard's hint ("weeks", default; "gaps"). */
  things?: string;
  /** The Making Data Count variation icon for the latest point, with its improvement direction. */
  icon?: VariationIcon | null;
}

/** A point's tooltip: its x, then its value, mean and limits (as a hover and the keyboard show it). */
function tipLines(p: SpcDatum, xLabel: (x: string) => string, valueHeader: string, n: (v: number | null) => string, floor: (v: number | null) => number | null): string[] {
  return [xLabel(p.x), `${valueHeader}: ${n(p.value)}`, `mean: ${n(p.mean)}`, `limits: ${n(floor(p.lower))} to ${n(p.upper)}`];
}

function SpcChartView(props: Props) {
  const { id, title, sentence, points, xLabel, xHeader, valueHeader, markers = [], warnings = [] } = props;
  // A document-unique id for the marker (a chart's id can appear twice: a page and the evidence pack).
  const markerId = `spc-dot-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const digits = props.digits ?? 1;
  const floor = (v: number | null) => (v === null ? null : props.floorAtZero ? Math.max(0, v) : v);
  const last = points[points.length - 1];
  const special = points.filter((p) => p.variation !== 'common').length;
  const ruleText = (p: SpcDatum) => (p.rules.length === 0 ? '–' : `${VARIATION_WORDS[p.variation]} (${p.rules.map((r) => RULE_WORDS[r]).join(', ')})`);
  const n = (v: number | null) => formatNumber(v, digits);
  // The same lines for a hover and a key.
  const tip = (i: number) => tipLines(points[i]!, xLabel, valueHeader, n, floor);
  // Said on a key: the tooltip's values, then a special cause in words (on screen its shape and colour say it).
  const spoken = (i: number) => {
    const p = points[i]!;
    const said = announcement(xLabel(p.x), [
      { label: valueHeader, value: n(p.value) },
      { label: 'mean', value: n(p.mean) },
      { label: 'limits', value: spokenRange(n(floor(p.lower)), n(p.upper)) },
    ]);
    return p.rules.length === 0 ? said : `${said}; ${ruleText(p)}`;
  };
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={sentence}
      testid={`spc-${id}`}
      sentenceTestid={`summary-${id}`}
      json={() => points}
      before={props.icon ? <VariationBadge icon={props.icon} testid={`${id}-icon`} /> : undefined}
      chart={
        points.length > 0
          ? (ref) => (
              <ChartFrame
                chartRef={ref}
                kind="Control chart"
                sentence={sentence}
                things={props.things ?? 'weeks'}
                count={points.length}
                page={4}
                tip={tip}
                spoken={spoken}
                place={spcPlace(points.length)}
              >
                <SpcDrawing
                  points={points}
                  colours={VARIATION_COLOURS}
                  tip={tip}
                  floor={floor}
                  markers={markers}
                  markerId={markerId}
                />
              </ChartFrame>
            )
          : undefined
      }
      table={
        points.length > 0
          ? {
              summary: 'Numbers behind the chart',
              caption: `${title}: numbers behind the chart`,
              rows: points,
              columns: [
                { key: 'x', label: xHeader, value: (p) => p.x, show: (p) => xLabel(p.x) },
                { key: 'value', label: valueHeader, value: (p) => p.value, show: (p) => formatNumber(p.value, digits), testid: (_p, i) => `${id}-value-${i}` },
                { key: 'mean', label: 'Mean', value: (p) => p.mean, show: (p) => formatNumber(p.mean, digits), testid: (_p, i) => `${id}-mean-${i}` },
                { key: 'lower', label: 'Lower limit', value: (p) => p.lower, show: (p) => formatNumber(floor(p.lower), digits), testid: (_p, i) => `${id}-lower-${i}` },
                { key: 'upper', label: 'Upper limit', value: (p) => p.upper, show: (p) => formatNumber(p.upper, digits), testid: (_p, i) => `${id}-upper-${i}` },
                {
                  key: 'rules',
                  label: 'Special cause',
                  value: (p) => ruleText(p),
                  show: (p) => <span data-rules={p.rules.join(',')}>{ruleText(p)}</span>,
                  left: true,
                  testid: (_p, i) => `${id}-rules-${i}`,
                },
              ],
            }
          : undefined
      }
    >
      {points.length > 0 && (
        <>
          <p className="note">
            <span className="swatch" style={{ background: VARIATION_COLOURS.concern }} aria-hidden="true" />
            diamond: special cause, a concern ·{' '}
            <span className="swatch" style={{ background: VARIATION_COLOURS.improvement }} aria-hidden="true" />
            square: special cause, an improvement · solid line: mean · dashed: process limits
            {markers.length > 0 && ' · numbered lines: events (listed on the page)'}. Latest mean{' '}
            <span data-testid={`${id}-mean`} data-value={last?.mean ?? ''}>
              {formatNumber(last?.mean ?? null, digits)}
            </span>
            , limits{' '}
            <span data-testid={`${id}-lower`} data-value={last?.lower ?? ''}>
              {formatNumber(floor(last?.lower ?? null), digits)}
            </span>{' '}
            to{' '}
            <span data-testid={`${id}-upper`} data-value={last?.upper ?? ''}>
              {formatNumber(last?.upper ?? null, digits)}
            </span>
            ; <span data-testid={`${id}-special`} data-value={special}>{special}</span> special-cause point{special === 1 ? '' : 's'} of{' '}
            <span data-testid={`${id}-points`} data-value={points.length}>
              {points.length}
            </span>
            .
          </p>
          {warnings.length > 0 && (
            <ul className="note" data-testid={`${id}-warnings`}>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </ChartCard>
  );
}

/** Two values the same for the chart: equal, or arrays/plain objects with the same entries (one level down for arrays of values). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return false;
}

/** Points with the same fields and values, every field of every point (the JSON download carries them all). */
function samePoints(a: readonly SpcDatum[], b: readonly SpcDatum[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] as unknown as Record<string, unknown>;
    const q = b[i] as unknown as Record<string, unknown>;
    const keys = Object.keys(p);
    if (keys.length !== Object.keys(q).length || !keys.every((k) => same(p[k], q[k]))) return false;
  }
  return true;
}

/**
 * Props that draw the same chart. A page's new answer is new objects throughout: without this
 * every chart of the page is drawn again even when only one changed (the G chart's choice, a
 * re-baseline in one phase).
 */
function sameChart(a: Props, b: Props): boolean {
  const scalars: (keyof Props)[] = ['id', 'title', 'sentence', 'xLabel', 'xHeader', 'valueHeader', 'digits', 'floorAtZero', 'things'];
  return (
    scalars.every((k) => a[k] === b[k]) &&
    samePoints(a.points, b.points) &&
    JSON.stringify([a.markers ?? [], a.warnings ?? [], a.icon ?? null]) === JSON.stringify([b.markers ?? [], b.warnings ?? [], b.icon ?? null])
  );
}

export const SpcChart = memo(SpcChartView, sameChart);
