/**
 * Analysis 1 — staffing and incidents. Reads only the exposure tables (model/exposure.ts).
 * SQL aggregates; the statistics (exact intervals, the Poisson model) run in stats/.
 */
import { named, raw, sql, table, type Sql } from '../db/sql';
import type { KeyedFilters } from '../model/filters';
import type { Model } from '../model/model';
import { SHARE_BANDS, SHORTFALL_BANDS, type Settings, type ShareBand, type ShortfallBand } from '../model/settings';
import { rateInterval, riskRatio, Z95 } from '../stats/intervals';
import { fitPoisson, groupBlocks, waldInterval, type GroupBlocks } from '../stats/poisson';
import { counterfactualTotals } from './counterfactual';
import { incidentWhere } from '../model/filters';
import { bandCode } from '../model/staffingPeriods';
import { excessSentence, headlineSentence, nobodyWorkedSentence, restraintSentence } from './sentences';
import type { Estimate, Filters, RateCell, StaffingResult } from './types';

/**
 * The staffing cells under the filters (model tables, see model/staffingBands.ts, modelCells.ts
 * and staffingPeriods.ts). Without dates: the prebuilt sums, unit and person as small-integer
 * conditions on them. With dates and a unit or a person: their person-periods, which come in
 * unit order (periods are numbered by unit and date), so the condition reads a few blocks. With
 * dates alone: the person-periods sorted by date, so the range reads only its blocks. `bands` is
 * person-periods, incidents and incidents ending in a restrictive intervention per shortfall ×
 * agency × unfamiliar band; `model` is the model's cells; bands as codes (indexes into
 * SHORTFALL_BANDS / SHARE_BANDS).
 */
export function cellSource(kf: KeyedFilters): { bands: Sql; model: Sql } {
  const f = kf.filters;
  if (!f.from && !f.to) {
    return {
      bands: sql`SELECT sf, ag, uf, sum(person_periods) AS person_periods, sum(incidents) AS incidents, sum(incidents_with_ri) AS incidents_with_ri
              FROM ${table('staffing_bands')} sb WHERE ${kf.on('sb')} GROUP BY ALL`,
      model: sql`SELECT person_idx, sf, ag, shift_index, weekday, y, n FROM ${table('model_cells')} mc WHERE ${kf.on('mc')}`,
    };
  }
  const sp = kf.on('sp');
  const periods = f.unit || f.personId ? sql`(${PERIOD_CODES}) sp` : sql`${table('staffing_periods')} sp`;
  return {
    bands: sql`SELECT sf, ag, uf, count(*) AS person_periods, sum(incidents) AS incidents, sum(incidents_with_ri) AS incidents_with_ri
            FROM ${periods} WHERE ${sp} GROUP BY ALL`,
    model: sql`SELECT person_idx, sf, ag, shift_index, weekday, sum(incidents) AS y, count(*) AS n
            FROM ${periods} WHERE ${sp} AND sf IS NOT NULL AND ag IS NOT NULL GROUP BY ALL`,
  };
}

/** Person-periods with the bands as codes, as staffing_periods has them (the filters go on its outer alias). */
const PERIOD_CODES = sql`SELECT date, unit_idx, person_idx, shift_index, weekday, ${raw(bandCode('shortfall_band', SHORTFALL_BANDS))} AS sf,
       ${raw(bandCode('agency_band', SHARE_BANDS))} AS ag, ${raw(bandCode('unfamiliar_band', SHARE_BANDS))} AS uf, incidents, incidents_with_ri
FROM ${table('person_periods')}`;

/**
 * Every count the page shows, in one statement: the band sums (the rates, the restraint shares
 * and what is left out are all sums of them), the periods with anyone in exposure under the unit
 * and date filters, and the incidents outside every person-period.
 */
const COUNTS = (bands: Sql, periodWhere: Sql, outsideWhere: Sql) => named('staffing.counts', sql`
SELECT b.sf, b.ag, b.uf, b.person_periods::DOUBLE AS person_periods, b.incidents::DOUBLE AS incidents,
       b.incidents_with_ri::DOUBLE AS incidents_with_ri, c.periods, c.outside
FROM (SELECT (SELECT count(*) FROM ${table('exposed_periods')} ep WHERE ${periodWhere})::DOUBLE AS periods,
             (SELECT count(*) FROM ${table('outside_exposure')} i WHERE ${outsideWhere})::DOUBLE AS outside) c
LEFT JOIN (${bands}) b ON TRUE`);

/** Whether any unit period had nobody working: most services have none, and then the person-periods are not read for it. */
const NOBODY_WORKED_ANY = named('staffing.nobodyWorkedAny', sql`SELECT count(*)::DOUBLE AS n FROM ${table('nobody_worked_periods')}`);

/**
 * Model cells: incidents and person-periods per person × shortfall band × agency band × shift ×
 * weekday (periods without either band left out). Fitting on these cells gives the same estimates
 * as fitting on person-periods. One row of columns (lists): a hundred thousand cells cross to
 * the browser as a few arrays, not as a hundred thousand objects.
 */
const MODEL_CELL_LISTS = (cells: Sql) => named('staffing.modelCells', sql`
SELECT list(person_idx) AS person_idx, list(sf) AS sf, list(ag) AS ag, list(shift_index) AS shift_index,
       list(weekday) AS weekday, list(y::DOUBLE) AS y, list(n::DOUBLE) AS n
FROM (${cells}) c`);

interface BandRow {
  sf: number | null;
  ag: number | null;
  uf: number | null;
  person_periods: number;
  incidents: number;
  incidents_with_ri: number;
}

export interface ModelCell {
  person_idx: number;
  shortfall_band: ShortfallBand;
  agency_band: ShareBand;
  shift_index: number;
  weekday: number;
  y: number;
  n: number;
}

type FittedModel = { cells: ModelCell[]; model: StaffingModel };

/**
 * The model cells under the filters and the model fitted on them. A refit of every person takes
 * a few hundred milliseconds, so the last few selections' fits are kept per database, for the
 * current exposure build only; the staffing and what-if pages share them.
 */
export async function staffingModel(model: Model, filters: Filters, settings: Settings): Promise<FittedModel> {
  const kf = await model.filters(filters);
  const build = model.version;
  let kept = fits.get(model);
  if (!kept || kept.build !== build) fits.set(model, (kept = { build, byKey: new Map() }));
  const key = JSON.stringify([filters.unit, filters.personId, filters.from, filters.to, settings]);
  let found = kept.byKey.get(key);
  if (found) kept.byKey.delete(key); // re-inserted below as the most recent
  else {
    found = (async () => {
      const [lists] = await model.query<Record<'person_idx' | 'sf' | 'ag' | 'shift_index' | 'weekday' | 'y' | 'n', ArrayLike<number> | null>>(
        MODEL_CELL_LISTS(cellSource(kf).model),
      );
      const cells = modelCells(lists);
      return { cells, model: fitStaffingModel(cells, settings) };
    })();
    const byKey = kept.byKey;
    found.catch(() => byKey.delete(key));
  }
  kept.byKey.set(key, found);
  for (const old of [...kept.byKey.keys()].slice(0, Math.max(0, kept.byKey.size - FITS_KEPT))) kept.byKey.delete(old);
  return found;
}

const FITS_KEPT = 4;
const fits = new WeakMap<Model, { build: number; byKey: Map<string, Promise<FittedModel>> }>();

/** Model cells from their columns (band codes → names). */
function modelCells(lists: Record<string, ArrayLike<number> | null> | undefined): ModelCell[] {
  const col = (k: string) => lists?.[k] ?? [];
  const person = col('person_idx');
  const sf = col('sf');
  const ag = col('ag');
  const shift = col('shift_index');
  const weekday = col('weekday');
  const y = col('y');
  const n = col('n');
  const cells: ModelCell[] = new Array(person.length);
  for (let i = 0; i < person.length; i++) {
    cells[i] = {
      person_idx: person[i]!,
      shortfall_band: SHORTFALL_BANDS[sf[i]!]!,
      agency_band: SHARE_BANDS[ag[i]!]!,
      shift_index: shift[i]!,
      weekday: weekday[i]!,
      y: y[i]!,
      n: n[i]!,
    };
  }
  return cells;
}

export async function staffingAnalysis(m: Model, filters: Filters, settings: Settings): Promise<StaffingResult> {
  const kf = await m.filters(filters);
  // Asked together: the database answers the counts (and whether any period had nobody working)
  // while the page's thread fits the model, instead of one round trip after another.
  const [{ cells, model }, anyNobodyWorked, rows] = await Promise.all([
    staffingModel(m, filters, settings),
    m.query<{ n: number }>(NOBODY_WORKED_ANY),
    m.query<BandRow & { periods: number; outside: number }>(COUNTS(cellSource(kf).bands, kf.with({ personId: null }).on('ep'), incidentWhere(filters))),
  ]);
  const withoutNobodyWorked = anyNobodyWorked[0]?.n ? await nobodyWorkedCheck(m, kf, settings, cells) : null;
  const bands = rows.filter((r) => r.person_periods !== null);
  const total = (pick: (r: BandRow) => number, where: (r: BandRow) => boolean = () => true) => bands.filter(where).reduce((t, r) => t + pick(r), 0);
  const counts = {
    person_periods: total((r) => r.person_periods),
    incidents: total((r) => r.incidents),
    pp_no_shortfall: total((r) => r.person_periods, (r) => r.sf === null),
    inc_no_shortfall: total((r) => r.incidents, (r) => r.sf === null),
    pp_no_agency: total((r) => r.person_periods, (r) => r.ag === null && r.sf !== null),
  };
  const periods = filters.personId ? counts.person_periods : (rows[0]?.periods ?? 0);
  const outside = { n: rows[0]?.outside ?? 0 };
  const rates = (code: 'sf' | 'ag' | 'uf', names: readonly string[]) =>
    Object.fromEntries(
      names.map((band, i) => [band, rateCell(total((r) => r.incidents, (r) => r[code] === i), total((r) => r.person_periods, (r) => r[code] === i))]),
    );

  const withS = { incidents: total((r) => r.incidents, (r) => r.sf !== null && r.sf > 0), with_ri: total((r) => r.incidents_with_ri, (r) => r.sf !== null && r.sf > 0) };
  const withoutS = { incidents: total((r) => r.incidents, (r) => r.sf === 0), with_ri: total((r) => r.incidents_with_ri, (r) => r.sf === 0) };
  const rr = riskRatio(withS.with_ri, withS.incidents, withoutS.with_ri, withoutS.incidents);

  const warnings: string[] = [];
  if (counts.pp_no_shortfall > 0) {
    warnings.push(
      `${counts.pp_no_shortfall} person-periods (${counts.inc_no_shortfall} incidents) are left out of the shortage analysis: ` +
        `their periods have no rota lines, or neither a staffing requirement nor a planned number of staff.`,
    );
  }
  if (counts.pp_no_agency > 0) {
    warnings.push(`${counts.pp_no_agency} person-periods have a shortfall but no agency share, so they are left out of the model.`);
  }
  if ((outside?.n ?? 0) > 0) {
    warnings.push(`${outside!.n} incidents fall outside every person-period (outside rota coverage or outside the person's admission) and are not in the rates.`);
  }
  warnings.push(...model.warnings);

  const ratesPer100 = {
    shortfall: rates('sf', SHORTFALL_BANDS) as Record<ShortfallBand, RateCell>,
    agency: rates('ag', SHARE_BANDS) as Record<ShareBand, RateCell>,
    unfamiliar: rates('uf', SHARE_BANDS) as Record<ShareBand, RateCell>,
  };
  const restraintGivenIncident = {
    withShortfall: { incidents: withS.incidents, withIntervention: withS.with_ri, share: share(withS.with_ri, withS.incidents) },
    withoutShortfall: { incidents: withoutS.incidents, withIntervention: withoutS.with_ri, share: share(withoutS.with_ri, withoutS.incidents) },
    riskRatio: rr,
  };
  const result: Omit<StaffingResult, 'headline' | 'excessSentence' | 'restraintSentence' | 'nobodyWorkedSentence'> = {
    filters,
    exposure: {
      periods,
      personPeriods: counts.person_periods,
      incidents: counts.incidents,
      incidentsOutsideExposure: outside?.n ?? 0,
    },
    ratesPer100,
    rateRatios: model.rateRatios,
    model: model.summary,
    excessIncidents: model.excess,
    excessLeavesOut: model.excessLeavesOut,
    withoutNobodyWorked,
    restraintGivenIncident,
    warnings,
  };
  return {
    ...result,
    headline: headlineSentence(result),
    excessSentence: excessSentence(result),
    restraintSentence: restraintSentence(result),
    nobodyWorkedSentence: nobodyWorkedSentence(result),
  };
}

/**
 * The person-periods in periods nobody worked, under the filters, as model cells (band codes),
 * with the number of such unit periods (nobody_worked_periods, model/exposure.ts).
 */
const NOBODY_WORKED_CELLS = (where: Sql) => named('staffing.nobodyWorkedCells', sql`
WITH pp AS (
  SELECT pp.* FROM ${table('person_periods')} pp JOIN ${table('nobody_worked_periods')} nw USING (period_id)
  WHERE ${where} AND pp.shortfall_band IS NOT NULL AND pp.agency_band IS NOT NULL)
SELECT person_idx, ${bandCode('shortfall_band', SHORTFALL_BANDS)} AS sf, ${bandCode('agency_band', SHARE_BANDS)} AS ag,
       shift_index, weekday, sum(incidents)::DOUBLE AS y, count(*)::DOUBLE AS n,
       (SELECT count(DISTINCT period_id) FROM pp)::DOUBLE AS periods
FROM pp GROUP BY 1, 2, 3, 4, 5`);

/**
 * The model refitted without the periods in which nobody worked (their cells taken out of the
 * model's cells); null when the selection has none. Asked only when NOBODY_WORKED_ANY found some.
 */
async function nobodyWorkedCheck(model: Model, kf: KeyedFilters, settings: Settings, cells: ModelCell[]): Promise<StaffingResult['withoutNobodyWorked']> {
  const rows = await model.query<{ person_idx: number; sf: number; ag: number; shift_index: number; weekday: number; y: number; n: number; periods: number }>(
    NOBODY_WORKED_CELLS(kf.on('pp')),
  );
  if (rows.length === 0) return null;
  const key = (person: number, sf: string, ag: string, shift: number, weekday: number) => `${person}|${sf}|${ag}|${shift}|${weekday}`;
  const taken = new Map(rows.map((r) => [key(r.person_idx, SHORTFALL_BANDS[r.sf]!, SHARE_BANDS[r.ag]!, r.shift_index, r.weekday), r]));
  const rest: ModelCell[] = [];
  for (const c of cells) {
    const t = taken.get(key(c.person_idx, c.shortfall_band, c.agency_band, c.shift_index, c.weekday));
    const left = t ? { ...c, y: c.y - t.y, n: c.n - t.n } : c;
    if (left.n > 0) rest.push(left);
  }
  const refit = fitStaffingModel(rest, settings);
  return {
    periods: rows[0]!.periods,
    personPeriods: rows.reduce((t, r) => t + r.n, 0),
    incidents: rows.reduce((t, r) => t + r.y, 0),
    rateRatios: refit.rateRatios,
    widened: refit.summary.widened,
  };
}

function rateCell(incidents: number, personPeriods: number): RateCell {
  return { incidents, personPeriods, ...rateInterval(incidents, personPeriods, 100) };
}

const share = (a: number, n: number) => (n > 0 ? a / n : null);

/** Columns of the design, each a dummy against the first level of its factor. */
const SHORTFALL_COLUMNS = ['one', 'twoPlus'] as const;
const AGENCY_COLUMNS = ['upTo25', 'from25To50', 'over50'] as const;

/** The fitted design, for counterfactuals (analysis/whatIf.ts). Columns are dummies named `shortfall:one`, `agency:over50`, `shift:2`, `weekday:3`. */
export interface ModelDesign {
  columns: string[];
  /** The agency band the agency columns are measured against ('none' when present). */
  agencyReference: ShareBand;
  coefficients: number[];
  covariance: number[][];
  /** Fitted mean per input cell (0 for cells the fit left out). */
  fitted: Float64Array;
  /** Per input cell: its person's level in `blocks`. */
  group: Int32Array;
  /** Per input cell, `rowWidth` entries: the columns where its design row is 1 (−1 pads). */
  rows: Int32Array;
  rowWidth: number;
  /** The person–column information blocks at the fitted means, for the full covariance. */
  blocks: GroupBlocks;
  /** The dispersion when intervals are widened, else 1. */
  varianceFactor: number;
}

export interface StaffingModel {
  rateRatios: StaffingResult['rateRatios'];
  summary: StaffingResult['model'];
  excess: Estimate | null;
  /** Short bands with person-periods but no incidents: their rate ratio has no estimate, so they are left out of the excess. */
  excessLeavesOut: ShortfallBand[];
  warnings: string[];
  design: ModelDesign | null;
}

/**
 * incidents ~ shortfall band + agency band + person + shift + weekday, Poisson with log
 * person-periods offset, person absorbed. Shift and weekday are dummies against their first
 * level present. Bands absent from the data are left out (no estimate) rather than fitted.
 */
export function fitStaffingModel(cells: ModelCell[], settings: Settings): StaffingModel {
  const empty: StaffingModel = {
    rateRatios: { shortfall: { one: null, twoPlus: null }, agency: { upTo25: null, from25To50: null, over50: null } },
    summary: { fitted: false, message: null, dispersion: null, widened: false, cells: cells.length, personPeriods: 0 },
    excess: null,
    excessLeavesOut: [],
    warnings: [],
    design: null,
  };
  const totalN = cells.reduce((t, c) => t + c.n, 0);
  empty.summary.personPeriods = totalN;
  const present = (pred: (c: ModelCell) => boolean) => cells.some((c) => pred(c) && c.n > 0);
  if (!present((c) => c.shortfall_band === 'none')) {
    empty.summary.message = 'No fully staffed periods in this selection, so there is nothing to compare against.';
    return empty;
  }
  if (!present((c) => c.shortfall_band !== 'none')) {
    empty.summary.message = 'No periods short of staff in this selection, so the effect of shortfall cannot be estimated.';
    return empty;
  }

  // Factor levels present; the first of each is the reference.
  const shifts = [...new Set(cells.map((c) => c.shift_index))].sort((a, b) => a - b);
  const weekdays = [...new Set(cells.map((c) => c.weekday))].sort((a, b) => a - b);
  const people = [...new Set(cells.map((c) => c.person_idx))].sort((a, b) => a - b);
  const personLevel = new Map(people.map((p, i) => [p, i]));
  const sfCols = SHORTFALL_COLUMNS.filter((b) => present((c) => c.shortfall_band === b));
  const agCols = AGENCY_COLUMNS.filter((b) => present((c) => c.agency_band === b));
  // The agency reference is 'none' when present, else the lowest band present.
  const agencyRef = present((c) => c.agency_band === 'none') ? 'none' : agCols.shift();
  const columns: { name: string }[] = [
    ...sfCols.map((b) => ({ name: `shortfall:${b}` })),
    ...agCols.map((b) => ({ name: `agency:${b}` })),
    ...shifts.slice(1).map((s) => ({ name: `shift:${s}` })),
    ...weekdays.slice(1).map((d) => ({ name: `weekday:${d}` })),
  ];
  const p = columns.length;
  // Each factor level with a column → that column; a cell's row is 1 in at most one column per factor.
  const columnOf = <T>(levels: readonly T[], first: number) => new Map(levels.map((l, k) => [l, first + k]));
  const sfColumn = columnOf<string>(sfCols, 0);
  const agColumn = columnOf<string>(agCols, sfCols.length);
  const shiftColumn = columnOf(shifts.slice(1), sfCols.length + agCols.length);
  const weekdayColumn = columnOf(weekdays.slice(1), sfCols.length + agCols.length + shifts.length - 1);
  const X = new Float64Array(cells.length * p);
  const rows = new Int32Array(cells.length * ROW_WIDTH).fill(-1);
  cells.forEach((c, i) => {
    const row = [sfColumn.get(c.shortfall_band), agColumn.get(c.agency_band), shiftColumn.get(c.shift_index), weekdayColumn.get(c.weekday)];
    row.forEach((j, k) => {
      if (j === undefined) return;
      X[i * p + j] = 1;
      rows[i * ROW_WIDTH + k] = j;
    });
  });
  const group = Int32Array.from(cells, (c) => personLevel.get(c.person_idx)!);
  const fit = fitPoisson({
    y: cells.map((c) => c.y),
    exposure: cells.map((c) => c.n),
    X,
    p,
    group,
    levels: people.length,
  });
  const blocks = groupBlocks(fit.fitted, group, people.length, p, function* (i) {
    for (let k = i * ROW_WIDTH; k < (i + 1) * ROW_WIDTH; k++) if (rows[k]! >= 0) yield [rows[k]!, 1] as const;
  });

  const dispersion = fit.dispersion;
  const threshold = settings.dispersionThreshold;
  const widened = dispersion !== null && dispersion > threshold;
  const estimateOf = (name: string): Estimate | null => {
    const j = columns.findIndex((c) => c.name === name);
    if (j < 0 || fit.nonEstimable.some((ne) => ne.column === j)) return null;
    const b = fit.coefficients[j]!;
    const se = fit.standardErrors[j]!;
    if (!Number.isFinite(b) || !Number.isFinite(se)) return null;
    const { estimate, lower, upper } = waldInterval(b, se, dispersion, threshold);
    return { estimate, lower, upper };
  };

  const warnings = [...fit.warnings];
  if (agencyRef !== 'none' && agencyRef !== undefined) {
    warnings.push('No periods without agency staff in this selection, so agency rate ratios cannot be estimated.');
  }
  if (!fit.converged) warnings.push('The model did not converge; treat its rate ratios with caution.');
  if (widened) {
    warnings.push(
      `Incidents vary more than a Poisson model expects (dispersion ${dispersion!.toFixed(2)} > ${threshold}): ` +
        `the rate-ratio intervals have been widened by √${dispersion!.toFixed(2)}.`,
    );
  }

  const design: ModelDesign = {
    columns: columns.map((c) => c.name),
    agencyReference: agencyRef ?? 'none',
    coefficients: fit.coefficients,
    covariance: fit.covariance,
    fitted: fit.fitted,
    group,
    rows,
    rowWidth: ROW_WIDTH,
    blocks,
    varianceFactor: widened ? dispersion! : 1,
  };
  return {
    rateRatios: {
      shortfall: { one: estimateOf('shortfall:one'), twoPlus: estimateOf('shortfall:twoPlus') },
      // Rate ratios are against periods without agency staff; with none of those, there are none.
      agency:
        agencyRef === 'none'
          ? { upTo25: estimateOf('agency:upTo25'), from25To50: estimateOf('agency:from25To50'), over50: estimateOf('agency:over50') }
          : { upTo25: null, from25To50: null, over50: null },
    },
    summary: {
      fitted: fit.converged,
      message: fit.converged ? null : 'The model did not converge.',
      dispersion,
      widened,
      cells: cells.length,
      personPeriods: totalN,
    },
    ...excessIncidents(cells, design),
    warnings,
    design,
  };
}

/** Design columns per cell: shortfall, agency, shift, weekday. */
const ROW_WIDTH = 4;

/**
 * Observed minus expected had every period been fully staffed: Σ μ_c − Σ μ_c exp(−β_b(c)) over the
 * cells (= Σ_b O_b (1 − exp(−β_b)), the fitted means of a band summing to its observed count).
 * Its interval is the delta method over every coefficient, person effects included
 * (analysis/counterfactual.ts), widened by the dispersion when the model widens. A short band with
 * no incidents has no rate ratio: its cells are left out, and said to be.
 */
function excessIncidents(cells: ModelCell[], d: ModelDesign): { excess: Estimate | null; excessLeavesOut: ShortfallBand[] } {
  const excessLeavesOut = SHORTFALL_COLUMNS.filter((band) => {
    const j = d.columns.indexOf(`shortfall:${band}`);
    return j >= 0 && !Number.isFinite(d.coefficients[j]!);
  });
  const usable = (band: ShortfallBand) => {
    const j = d.columns.indexOf(`shortfall:${band}`);
    return j >= 0 && Number.isFinite(d.coefficients[j]!) ? j : -1;
  };
  if (!SHORTFALL_COLUMNS.some((b) => usable(b) >= 0)) return { excess: null, excessLeavesOut };
  const totals = counterfactualTotals(cells, null, d, (c) => {
    const j = c.shortfall_band === 'none' ? -1 : usable(c.shortfall_band);
    return j < 0 ? [] : [[j, -1]];
  });
  if (typeof totals === 'string') return { excess: null, excessLeavesOut };
  const excess = totals.expected - totals.counterfactual;
  const half = Z95 * Math.sqrt(Math.max(0, totals.fewerVariance) * d.varianceFactor);
  if (!Number.isFinite(half)) return { excess: null, excessLeavesOut };
  return { excess: { estimate: excess, lower: excess - half, upper: excess + half }, excessLeavesOut };
}
