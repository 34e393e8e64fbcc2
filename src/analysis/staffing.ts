/**
 * Analysis 1 — staffing and incidents. Reads only the exposure tables (model/exposure.ts).
 * SQL aggregates; the statistics (exact intervals, the Poisson model) run in stats/.
 */
import type { Connector } from '../db/connector';
import { SHARE_BANDS, SHORTFALL_BANDS, type Settings, type ShareBand, type ShortfallBand } from '../model/settings';
import { rateInterval, riskRatio, Z95 } from '../stats/intervals';
import { fitPoisson, waldInterval } from '../stats/poisson';
import { STAFFING_CELLS_SELECT } from '../model/exposure';
import { exposureWhere, incidentWhere, type Where } from './filters';
import { excessSentence, headlineSentence, restraintSentence } from './sentences';
import type { Estimate, Filters, RateCell, StaffingResult } from './types';

/**
 * The staffing cells under the filters (model/exposure.ts): the prebuilt table when no dates
 * are chosen — unit and person are small-integer conditions on it — else the same cells
 * aggregated from the person-periods in the date range.
 */
export function cellSource(f: Filters): Where {
  if (!f.from && !f.to) {
    const w = exposureWhere(f, 'sc');
    return { sql: `(SELECT * FROM staffing_cells sc WHERE ${w.sql})`, params: w.params };
  }
  const w = exposureWhere(f, 'pp');
  return { sql: `(${STAFFING_CELLS_SELECT} WHERE ${w.sql} GROUP BY ALL)`, params: w.params };
}

/** Incidents and person-periods per band of each staffing condition, in one scan. */
const RATES_BY_BAND = (cells: string) => `
SELECT CASE WHEN grouping(shortfall_band) = 0 THEN 'shortfall'
            WHEN grouping(agency_band) = 0 THEN 'agency' ELSE 'unfamiliar' END AS condition,
       coalesce(shortfall_band, agency_band, unfamiliar_band) AS band,
       sum(incidents)::DOUBLE AS incidents, sum(person_periods)::DOUBLE AS person_periods
FROM ${cells} c
GROUP BY GROUPING SETS ((shortfall_band), (agency_band), (unfamiliar_band))`;

/**
 * Model cells: incidents and person-periods per person × shortfall band × agency band × shift ×
 * weekday. Fitting on these cells gives the same estimates as fitting on person-periods.
 */
export const MODEL_CELLS = (cells: string) => `
SELECT person_idx, shortfall_band, agency_band, shift_index, weekday,
       sum(incidents)::DOUBLE AS y, sum(person_periods)::DOUBLE AS n
FROM ${cells} c
WHERE shortfall_band IS NOT NULL AND agency_band IS NOT NULL
GROUP BY ALL`;

/** Incidents in exposure with and without a shortfall in their period, and how many ended in a restrictive intervention. */
const RESTRAINT_BY_SHORTFALL = (cells: string) => `
SELECT shortfall_band <> 'none' AS short, sum(incidents)::DOUBLE AS incidents,
       sum(incidents_with_ri)::DOUBLE AS with_ri
FROM ${cells} c WHERE shortfall_band IS NOT NULL
GROUP BY 1`;

/** Exposure counts under the filters, including what the band analyses must leave out. */
const EXPOSURE_COUNTS = (cells: string) => `
SELECT coalesce(sum(person_periods), 0)::DOUBLE AS person_periods,
       coalesce(sum(incidents), 0)::DOUBLE AS incidents,
       coalesce(sum(person_periods) FILTER (WHERE shortfall_band IS NULL), 0)::DOUBLE AS pp_no_shortfall,
       coalesce(sum(incidents) FILTER (WHERE shortfall_band IS NULL), 0)::DOUBLE AS inc_no_shortfall,
       coalesce(sum(person_periods) FILTER (WHERE agency_band IS NULL AND shortfall_band IS NOT NULL), 0)::DOUBLE AS pp_no_agency
FROM ${cells} c`;

/** Periods with anyone in exposure; one person has exactly one person-period per period. */
const PERIOD_COUNT = (where: string) => `SELECT count(*)::DOUBLE AS periods FROM exposed_periods ep WHERE ${where}`;

const OUTSIDE_EXPOSURE = (where: string) => `
SELECT count(*)::DOUBLE AS n FROM incident_periods ip JOIN r_incidents i USING (incident_id)
WHERE ${where} AND ip.outside_reason IS NOT NULL`;

export interface ModelCell {
  person_idx: number;
  shortfall_band: ShortfallBand;
  agency_band: ShareBand;
  shift_index: number;
  weekday: number;
  y: number;
  n: number;
}

export async function staffingAnalysis(db: Connector, filters: Filters, settings: Settings): Promise<StaffingResult> {
  const cells = cellSource(filters);
  const [counts] = await db.query<{
    person_periods: number;
    incidents: number;
    pp_no_shortfall: number;
    inc_no_shortfall: number;
    pp_no_agency: number;
  }>(EXPOSURE_COUNTS(cells.sql), cells.params);
  const periodWhere = exposureWhere({ ...filters, personId: null }, 'ep');
  const periods = filters.personId
    ? counts!.person_periods
    : ((await db.query<{ periods: number }>(PERIOD_COUNT(periodWhere.sql), periodWhere.params))[0]?.periods ?? 0);
  const iw = incidentWhere(filters);
  const [outside] = await db.query<{ n: number }>(OUTSIDE_EXPOSURE(iw.sql), iw.params);

  const bandRows = await db.query<{ condition: string; band: string; incidents: number; person_periods: number }>(
    RATES_BY_BAND(cells.sql),
    cells.params,
  );
  const rates = (condition: string, bands: readonly string[]) =>
    Object.fromEntries(
      bands.map((band) => {
        const r = bandRows.find((x) => x.condition === condition && x.band === band);
        return [band, rateCell(r?.incidents ?? 0, r?.person_periods ?? 0)];
      }),
    );

  const modelCells = await db.query<ModelCell>(MODEL_CELLS(cells.sql), cells.params);
  const model = fitStaffingModel(modelCells, settings);

  const restraintRows = await db.query<{ short: boolean; incidents: number; with_ri: number }>(
    RESTRAINT_BY_SHORTFALL(cells.sql),
    cells.params,
  );
  const withS = restraintRows.find((r) => r.short) ?? { incidents: 0, with_ri: 0 };
  const withoutS = restraintRows.find((r) => !r.short) ?? { incidents: 0, with_ri: 0 };
  const rr = riskRatio(withS.with_ri, withS.incidents, withoutS.with_ri, withoutS.incidents);

  const warnings: string[] = [];
  if (counts!.pp_no_shortfall > 0) {
    warnings.push(
      `${counts!.pp_no_shortfall} person-periods (${counts!.inc_no_shortfall} incidents) are left out of the shortage analysis: ` +
        `their periods have no rota lines, or neither a staffing requirement nor a planned number of staff.`,
    );
  }
  if (counts!.pp_no_agency > 0) {
    warnings.push(`${counts!.pp_no_agency} person-periods had no worked staff hours at all, so they have no agency share and are left out of the model.`);
  }
  if ((outside?.n ?? 0) > 0) {
    warnings.push(`${outside!.n} incidents fall outside every person-period (outside rota coverage or outside the person's admission) and are not in the rates.`);
  }
  warnings.push(...model.warnings);

  const ratesPer100 = {
    shortfall: rates('shortfall', SHORTFALL_BANDS) as Record<ShortfallBand, RateCell>,
    agency: rates('agency', SHARE_BANDS) as Record<ShareBand, RateCell>,
    unfamiliar: rates('unfamiliar', SHARE_BANDS) as Record<ShareBand, RateCell>,
  };
  const restraintGivenIncident = {
    withShortfall: { incidents: withS.incidents, withIntervention: withS.with_ri, share: share(withS.with_ri, withS.incidents) },
    withoutShortfall: { incidents: withoutS.incidents, withIntervention: withoutS.with_ri, share: share(withoutS.with_ri, withoutS.incidents) },
    riskRatio: rr,
  };
  const result: Omit<StaffingResult, 'headline' | 'excessSentence' | 'restraintSentence'> = {
    filters,
    exposure: {
      periods,
      personPeriods: counts!.person_periods,
      incidents: counts!.incidents,
      incidentsOutsideExposure: outside?.n ?? 0,
    },
    ratesPer100,
    rateRatios: model.rateRatios,
    model: model.summary,
    excessIncidents: model.excess,
    restraintGivenIncident,
    warnings,
  };
  return {
    ...result,
    headline: headlineSentence(result),
    excessSentence: excessSentence(result),
    restraintSentence: restraintSentence(result),
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
  /** The dispersion when intervals are widened, else 1. */
  varianceFactor: number;
}

export interface StaffingModel {
  rateRatios: StaffingResult['rateRatios'];
  summary: StaffingResult['model'];
  excess: Estimate | null;
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
  const columns: { name: string; of: (c: ModelCell) => number }[] = [
    ...sfCols.map((b) => ({ name: `shortfall:${b}`, of: (c: ModelCell) => (c.shortfall_band === b ? 1 : 0) })),
    ...agCols.map((b) => ({ name: `agency:${b}`, of: (c: ModelCell) => (c.agency_band === b ? 1 : 0) })),
    ...shifts.slice(1).map((s) => ({ name: `shift:${s}`, of: (c: ModelCell) => (c.shift_index === s ? 1 : 0) })),
    ...weekdays.slice(1).map((d) => ({ name: `weekday:${d}`, of: (c: ModelCell) => (c.weekday === d ? 1 : 0) })),
  ];
  const p = columns.length;
  const X = new Float64Array(cells.length * p);
  cells.forEach((c, i) => columns.forEach((col, j) => (X[i * p + j] = col.of(c))));
  const fit = fitPoisson({
    y: cells.map((c) => c.y),
    exposure: cells.map((c) => c.n),
    X,
    p,
    group: cells.map((c) => personLevel.get(c.person_idx)!),
    levels: people.length,
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
    excess: excessIncidents(cells, columns, fit.coefficients, fit.covariance, widened ? dispersion! : 1),
    warnings,
    design: {
      columns: columns.map((c) => c.name),
      agencyReference: agencyRef ?? 'none',
      coefficients: fit.coefficients,
      covariance: fit.covariance,
      fitted: fit.fitted,
      varianceFactor: widened ? dispersion! : 1,
    },
  };
}

/**
 * Observed minus expected had every period been fully staffed. With the fitted model, a cell in
 * shortfall band b would expect μ·exp(−β_b); summed over a band the fitted μ equal the observed
 * counts O_b, so excess = Σ_b O_b (1 − exp(−β_b)). Its interval is the delta method on the
 * shortfall coefficients (var = gᵀ Σ g, g_b = O_b exp(−β_b)), widened with the dispersion.
 */
function excessIncidents(
  cells: ModelCell[],
  columns: { name: string }[],
  beta: number[],
  cov: number[][],
  dispersionFactor: number,
): Estimate | null {
  const idx = SHORTFALL_COLUMNS.map((b) => columns.findIndex((c) => c.name === `shortfall:${b}`));
  let excess = 0;
  const g: number[] = [];
  const used: number[] = [];
  SHORTFALL_COLUMNS.forEach((band, k) => {
    const j = idx[k]!;
    const observed = cells.filter((c) => c.shortfall_band === band).reduce((t, c) => t + c.y, 0);
    if (j < 0) return;
    const b = beta[j]!;
    if (!Number.isFinite(b)) return;
    excess += observed * (1 - Math.exp(-b));
    g.push(observed * Math.exp(-b));
    used.push(j);
  });
  if (used.length === 0) return null;
  let variance = 0;
  used.forEach((j, a) => used.forEach((k, c) => (variance += g[a]! * g[c]! * cov[j]![k]!)));
  if (!Number.isFinite(variance)) return null;
  const half = Z95 * Math.sqrt(variance * dispersionFactor);
  return { estimate: excess, lower: excess - half, upper: excess + half };
}
