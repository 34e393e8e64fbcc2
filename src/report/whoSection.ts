/**
 * The evidence pack's optional specialist section "who was there" (analysis 10), and the reading
 * the easy-read page takes from it. Conditions only: agency and unfamiliar staff against the rest,
 * incidents by staff continuity. Counts go through the pack's NumberPolicy like every other.
 */
import type { StaffInvolvementResult } from '../analysis/staffInvolvement';
import { CONTINUITY_BANDS } from '../model/continuity';
import type { BarDatum, ReportFigure } from './evidencePack';
import { rateBar, rateIntervalCell, type NumberPolicy } from './suppression';
import type { WhoReading } from './types';

const WHO_COLOURS = ['#D55E00', '#0072B2', '#E69F00', '#56B4E9'];
const CONTINUITY_COLOURS = ['#0072B2', '#56B4E9', '#D55E00'];

export function whoReading(r: StaffInvolvementResult): WhoReading {
  const least = r.continuity.bands.find((b) => b.band === 'least');
  const most = r.continuity.bands.find((b) => b.band === 'most');
  return {
    continuityRatio: r.continuity.rateRatio,
    continuityCounts: [least?.incidents ?? 0, most?.incidents ?? 0],
  };
}

function involvementFigure(r: StaffInvolvementResult, p: NumberPolicy): ReportFigure {
  const rows = [
    { label: 'Agency staff', n: r.agency.involvements, h: r.agency.staffHours },
    { label: 'Other staff', n: r.agency.comparisonInvolvements, h: r.agency.comparisonStaffHours },
    { label: 'Staff new to the unit', n: r.unfamiliar.involvements, h: r.unfamiliar.staffHours },
    { label: 'Staff who knew the unit', n: r.unfamiliar.comparisonInvolvements, h: r.unfamiliar.comparisonStaffHours },
  ].map((x) => ({ ...x, s: p.rate(x.n, x.h, 100, 2) }));
  const data: BarDatum[] = rows.map(({ label, s }) => rateBar(label, s));
  const hidden = rows.some((x) => x.s.count.suppressed);
  return {
    id: 'who-involvement',
    title: 'Who was there: staff named in incidents per 100 staff-hours on shift',
    sentence: hidden
      ? 'Some of these groups were named fewer than 5 times, so the comparison is not shown.'
      : `${r.agency.sentence} ${r.unfamiliar.sentence} ${r.caveats[0]}`,
    chart: { kind: 'bars', yLabel: 'named per 100 staff-hours', data, colours: WHO_COLOURS },
    chartNote: null,
    table: {
      id: 'who-involvement',
      title: 'Staff named in incidents per 100 staff-hours on shift',
      columns: [
        { key: 'staff', label: 'Staff' },
        { key: 'named', label: 'Times named', numeric: true },
        { key: 'hours', label: 'Staff-hours', numeric: true },
        { key: 'rate', label: 'Per 100 staff-hours', numeric: true },
        { key: 'ci', label: '95 % CI', numeric: true },
      ],
      rows: rows.map(({ label, h, s }) => ({
        staff: label,
        named: s.count.cell,
        hours: p.exposure(h).cell,
        rate: s.rate.cell || '–',
        ci: rateIntervalCell(s),
      })),
    },
    tableInAppendix: false,
  };
}

function continuityFigure(r: StaffInvolvementResult, p: NumberPolicy): ReportFigure {
  const rows = r.continuity.bands.map((b, i) => ({ b, label: CONTINUITY_BANDS[i]!.label.replace(/ \(.*\)$/, ''), s: p.rate(b.incidents, b.personPeriods, 100) }));
  const hidden = rows.some((x) => x.s.count.suppressed);
  return {
    id: 'who-continuity',
    title: 'Who was there: incidents by staff continuity in the week before',
    sentence: hidden ? 'Some continuity bands had fewer than 5 incidents, so the comparison is not shown.' : r.continuity.sentence,
    chart: { kind: 'bars', yLabel: 'incidents per 100 person-periods', data: rows.map(({ label, s }) => rateBar(label, s)), colours: CONTINUITY_COLOURS },
    chartNote: null,
    table: {
      id: 'who-continuity',
      title: 'Incidents per 100 person-periods by staff continuity',
      columns: [
        { key: 'band', label: 'Continuity' },
        { key: 'staff', label: 'Different staff in 7 days', numeric: true },
        { key: 'incidents', label: 'Incidents', numeric: true },
        { key: 'personPeriods', label: 'Person-periods', numeric: true },
        { key: 'rate', label: 'Rate per 100', numeric: true },
        { key: 'ci', label: '95 % CI', numeric: true },
      ],
      rows: rows.map(({ b, label, s }) => ({
        band: label,
        staff: b.fewestStaff === null ? '–' : `${b.fewestStaff}–${b.mostStaff}`,
        incidents: s.count.cell,
        personPeriods: p.exposure(b.personPeriods).cell,
        rate: s.rate.cell || '–',
        ci: rateIntervalCell(s),
      })),
    },
    tableInAppendix: false,
  };
}

export function whoFigures(r: StaffInvolvementResult, p: NumberPolicy): ReportFigure[] {
  return [involvementFigure(r, p), continuityFigure(r, p)];
}
