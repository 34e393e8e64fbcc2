/**
 * Writes the sample service's canonical CSVs, one day at a time: the rota for each unit, the
 * staffing of each period scored by the BRIEF's definitions, then the incidents, interventions and
 * plan delivery those periods drive. Memory stays flat however many years or units are asked for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TABLES, type FileKind } from '../../src/ingest/canonical';
import { SHARE_BANDS, SHORTFALL_BANDS, type ShareBand, type ShortfallBand } from '../../src/model/settings';
import { PLANTED } from '../effects';
import { Calendar, weekdayIndex, type Weekday } from './calendar';
import { CsvWriter } from './csv';
import { makeEvents } from './events';
import { incidentMean, incidentsForPeriod, type IncidentDraft } from './incidents';
import { planForDay } from './plan';
import { Rng } from './prng';
import { newUnitState, rotaDay } from './rota';
import { buildService, UNIT_TEMPLATES, type UnitTemplateName } from './service';
import { periodsOfDay } from './staffing';

export const LAST_DATE = '2025-12-31';

export interface GenerateOptions {
  outDir: string;
  seed: number;
  /** Whole years ending on LAST_DATE. */
  years: number;
  /** One template per unit, in order. */
  templates: UnitTemplateName[];
  /** Multiplies every person's base rate (the large preset's incident volume). */
  rateScale: number;
}

export const DEFAULT_SEED = 20250101;

export const PRESETS = {
  /** The committed sample: Oak and Willow, eight people, 2025. */
  small: { years: 1, templates: ['oak', 'willow'], rateScale: 1 },
  /** Stress test: 500 people on 50 high-dependency units over five years. */
  large: { years: 5, templates: Array<UnitTemplateName>(50).fill('highDependency'), rateScale: 2.9 },
} satisfies Record<string, Omit<GenerateOptions, 'outDir' | 'seed'>>;

/** The small service repeated `scale` times (Oak/Willow-like units with generated people). */
export function scaledTemplates(scale: number): UnitTemplateName[] {
  return Array.from({ length: scale * 2 }, (_, i) => (i % 2 === 0 ? 'oak' : 'willow'));
}

/** Canonical file name of each table, and the columns this generator writes, in order. */
export const FILES: Record<FileKind, { file: string; columns: string[] }> = {
  people: { file: 'people.csv', columns: ['person_id', 'name', 'unit', 'admitted', 'discharged', 'commissioned_ratio', 'commissioned_from', 'commissioned_to', 'ready_for_discharge'] },
  incidents: { file: 'incidents.csv', columns: ['incident_id', 'person_id', 'occurred_at', 'unit', 'behaviour_type', 'severity', 'antecedent', 'consequence', 'injury_person', 'injury_staff', 'staff_involved', 'description'] },
  interventions: { file: 'restrictive_interventions.csv', columns: ['incident_id', 'type', 'reason', 'started_at', 'ended_at', 'duration_minutes', 'injury_person', 'injury_staff'] },
  shifts: { file: 'shifts.csv', columns: ['shift_id', 'staff_id', 'unit', 'start', 'end', 'role', 'contract', 'status', 'person_id'] },
  requirements: { file: 'staffing_requirements.csv', columns: ['unit', 'shift', 'required', 'weekday'] },
  planDelivery: { file: 'plan_delivery.csv', columns: ['person_id', 'date', 'strategy', 'delivered', 'reason_not_delivered'] },
  events: { file: 'events.csv', columns: ['person_id', 'unit', 'date', 'type', 'description'] },
};

interface Cell {
  personPeriods: number;
  incidents: number;
  /** Expected incidents under the planted model (sum of Poisson means). */
  expected: number;
}
const cells = <B extends string>(bands: readonly B[]): Record<B, Cell> =>
  Object.fromEntries(bands.map((b) => [b, { personPeriods: 0, incidents: 0, expected: 0 }])) as Record<B, Cell>;
const counts = <B extends string>(bands: readonly B[]): Record<B, number> =>
  Object.fromEntries(bands.map((b) => [b, 0])) as Record<B, number>;

export interface Summary {
  firstDate: string;
  lastDate: string;
  units: number;
  people: number;
  rows: Record<string, number>;
  /** Unit-periods by band. */
  periods: { shortfall: Record<ShortfallBand, number>; agency: Record<ShareBand, number> };
  /** Person-periods, incidents and planted expectations by band. */
  exposure: { shortfall: Record<ShortfallBand, Cell>; agency: Record<ShareBand, Cell> };
  /** Expected incidents minus expected had no period been short (the planted "excess"). */
  expectedExcessFromShortfall: number;
  restraint: {
    withShortfall: { incidents: number; withIntervention: number };
    withoutShortfall: { incidents: number; withIntervention: number };
  };
  plan: {
    shortDays: { planned: number; notDelivered: number; notEnoughStaff: number };
    fullyStaffedDays: { planned: number; notDelivered: number; notEnoughStaff: number };
  };
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function checkColumns(): void {
  for (const [kind, spec] of Object.entries(FILES) as [FileKind, (typeof FILES)[FileKind]][]) {
    const canonical = TABLES[kind].fields.map((f) => f.name);
    if (canonical.join(',') !== spec.columns.join(',')) {
      throw new Error(`${spec.file}: canonical columns changed (${canonical.join(',')}); update the generator`);
    }
  }
}

export function generate(opts: GenerateOptions): Summary {
  checkColumns();
  const lastYear = Number(LAST_DATE.slice(0, 4));
  const cal = new Calendar(`${lastYear - opts.years + 1}-01-01`, LAST_DATE);
  const service = buildService(cal, { templates: opts.templates, rateScale: opts.rateScale }, new Rng(opts.seed, 'service'));
  const rotaRng = new Rng(opts.seed, 'rota');
  const incidentRng = new Rng(opts.seed, 'incidents');
  const planRng = new Rng(opts.seed, 'plan');
  const abcRng = new Rng(opts.seed, 'abc');
  fs.mkdirSync(opts.outDir, { recursive: true });
  const open = (kind: FileKind) => new CsvWriter(path.join(opts.outDir, FILES[kind].file), FILES[kind].columns);

  // Id widths from rough upper bounds, so ids sort as text too.
  const reqPerDay = opts.templates.reduce((n, t) => n + UNIT_TEMPLATES[t].requirements.reduce((m, r) => m + (r.weekday ? 0 : r.required), 0), 0);
  const shiftWidth = Math.max(6, String(Math.ceil(reqPerDay * cal.days * 1.6)).length);
  const incidentWidth = Math.max(5, String(Math.ceil(service.people.reduce((n, p) => n + p.baseRate, 0) * 3 * cal.days * 2)).length);

  const people = open('people');
  for (const p of service.people) {
    people.row([p.id, p.name, p.unit, p.admitted, p.discharged, p.ratio, p.from, p.to, p.readyForDischarge]);
  }
  people.close();

  const requirements = open('requirements');
  for (const u of service.units) for (const r of u.requirements) requirements.row([u.name, r.shift, String(r.required), r.weekday]);
  requirements.close();

  const events = open('events');
  for (const e of makeEvents(service, cal, new Rng(opts.seed, 'events'))) {
    events.row([e.personId, e.unit, cal.date(e.day), e.type, e.description]);
  }
  events.close();

  const shifts = open('shifts');
  const incidents = open('incidents');
  const interventions = open('interventions');
  const plan = open('planDelivery');
  const summary: Summary = {
    firstDate: cal.date(0),
    lastDate: cal.date(cal.days - 1),
    units: service.units.length,
    people: service.people.length,
    rows: {},
    periods: { shortfall: counts(SHORTFALL_BANDS), agency: counts(SHARE_BANDS) },
    exposure: { shortfall: cells(SHORTFALL_BANDS), agency: cells(SHARE_BANDS) },
    expectedExcessFromShortfall: 0,
    restraint: { withShortfall: { incidents: 0, withIntervention: 0 }, withoutShortfall: { incidents: 0, withIntervention: 0 } },
    plan: {
      shortDays: { planned: 0, notDelivered: 0, notEnoughStaff: 0 },
      fullyStaffedDays: { planned: 0, notDelivered: 0, notEnoughStaff: 0 },
    },
  };
  const states = service.units.map(() => newUnitState());
  let shiftNo = 0;
  let incidentNo = 0;

  for (let day = 0; day < cal.days; day++) {
    const weekday: Weekday = cal.weekday(day);
    const wdIndex = weekdayIndex(cal.first + day);
    const periods = periodsOfDay(day);
    const agencyUsedToday = new Set<string>();
    const todays: IncidentDraft[] = [];

    service.units.forEach((unit, u) => {
      const rota = rotaDay(service, unit, periods, weekday, states[u]!, agencyUsedToday, rotaRng);
      for (const r of rota.rows) {
        shifts.row([`SH${pad(++shiftNo, shiftWidth)}`, r.staffId, unit.name, cal.timestamp(r.start), cal.timestamp(r.end), r.role, r.contract, r.status, r.personId]);
      }
      for (const p of rota.periods) {
        summary.periods.shortfall[p.shortfallBand]++;
        summary.periods.agency[p.agencyBand]++;
      }
      const shortDay = rota.periods.some((p) => p.shortfallBand !== 'none');
      for (const person of unit.people) {
        if (day < person.firstDay || day > person.lastDay) continue;
        for (const period of rota.periods) {
          const drawn = incidentsForPeriod(person, period, weekday, rota.rows, incidentRng, abcRng);
          const mean = incidentMean(person, period, weekday);
          for (const cell of [summary.exposure.shortfall[period.shortfallBand], summary.exposure.agency[period.agencyBand]]) {
            cell.personPeriods++;
            cell.incidents += drawn.length;
            cell.expected += mean;
          }
          summary.expectedExcessFromShortfall += mean * (1 - 1 / PLANTED.shortfallRateRatio[period.shortfallBand]);
          const r = period.shortfallBand === 'none' ? summary.restraint.withoutShortfall : summary.restraint.withShortfall;
          r.incidents += drawn.length;
          r.withIntervention += drawn.filter((d) => d.interventions.length > 0).length;
          todays.push(...drawn);
        }
        const tally = shortDay ? summary.plan.shortDays : summary.plan.fullyStaffedDays;
        for (const rec of planForDay(person, wdIndex, shortDay, planRng)) {
          plan.row([person.id, cal.date(day), rec.strategy, yesNo(rec.delivered), rec.reason]);
          tally.planned++;
          if (!rec.delivered) tally.notDelivered++;
          if (rec.reason === 'not enough staff') tally.notEnoughStaff++;
        }
      }
    });

    // Incidents in time order across units, so ids run chronologically.
    todays.sort((a, b) => a.minute - b.minute || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0) || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
    for (const d of todays) {
      const id = `INC${pad(++incidentNo, incidentWidth)}`;
      incidents.row([id, d.personId, cal.timestamp(d.minute), d.unit, d.behaviour, String(d.severity), d.antecedent, d.consequence, yesNo(d.injuryPerson), yesNo(d.injuryStaff), d.staffInvolved.join(';'), d.description]);
      for (const iv of d.interventions) {
        const ended = iv.minutes !== null && iv.recordEnd ? cal.timestamp(iv.start + iv.minutes) : '';
        const duration = iv.minutes !== null && !iv.recordEnd ? String(iv.minutes) : '';
        interventions.row([id, iv.type, iv.reason, cal.timestamp(iv.start), ended, duration, yesNo(iv.injuryPerson), yesNo(iv.injuryStaff)]);
      }
    }
  }

  for (const w of [shifts, incidents, interventions, plan]) w.close();
  summary.rows = {
    'people.csv': service.people.length,
    'staffing_requirements.csv': requirements.rows,
    'events.csv': events.rows,
    'shifts.csv': shifts.rows,
    'incidents.csv': incidents.rows,
    'restrictive_interventions.csv': interventions.rows,
    'plan_delivery.csv': plan.rows,
  };
  return summary;
}
