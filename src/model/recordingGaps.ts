/**
 * Stretches without any record, per person: within their span (admission to discharge) clipped
 * to the dates their unit's rota covers (before the exports begin nothing could have been
 * recorded), every maximal run of one or more days with no incident, plan-delivery row or rota
 * line allocated to them. A date filter clips a run to its range (the runs of a clipped span are
 * exactly these runs clipped), and the page keeps those of at least N days.
 *
 * Built in the background in two rounds of slices (Model.buildInBackground): the record days by
 * ranges of dates (each file read by its dates), then the runs by ranges of people.
 */
import { STAGING_PREFIX } from '../db/snapshot';
import { raw } from '../db/sql';
import { dateSlices, inDays, inKeys, keySlices } from './slices';
import { defineTable, type SliceRange } from './table';

/** About how many rows of the files a slice of the record days reads, and how many people a slice of the runs covers. */
export const RECORDS_PER_SLICE = 400_000;
export const PEOPLE_PER_SLICE = 25;

/** Each person's span, clipped to the rota's dates (`more`: a further condition on person_spans ps, or ''). */
const spans = (more = '') => `spans AS (
  SELECT * FROM (
    SELECT ps.person_idx, ps.person_id, ps.label, ps.unit,
           greatest(ps.from_date, c.first_date) AS from_date, least(ps.to_date, c.last_date) AS to_date
    FROM person_spans ps JOIN rota_coverage c USING (unit)
    WHERE ps.from_date IS NOT NULL AND ps.to_date IS NOT NULL${more ? ` AND ${more}` : ''})
  WHERE from_date <= to_date)`;

/** Every record's person and date in the three files (`on(column)`: a condition on a file's date column, or none). */
const records = (on: (column: string) => string = () => '') => {
  const where = (column: string, base = '') => [base, on(column)].filter(Boolean).join(' AND ');
  const clause = (column: string, base = '') => (where(column, base) ? ` WHERE ${where(column, base)}` : '');
  return `SELECT person_id, occurred_at::DATE AS d FROM r_incidents${clause('occurred_at')}
    UNION ALL SELECT person_id, date FROM r_plan_delivery${clause('date')}
    UNION ALL SELECT person_id, "start"::DATE FROM r_shifts${clause('"start"', 'person_id IS NOT NULL')}`;
};

/** The runs between the record days of `recordDays` (a CTE `records` of person_id, d), each span's sentinels added. */
const gaps = (spansCte: string, recordDays: string) => `
WITH ${spansCte},
${recordDays},
-- Record days inside the span, and sentinels the day before and after it.
marks AS (
  SELECT s.person_idx, r.d FROM spans s JOIN records r ON r.person_id = s.person_id AND r.d BETWEEN s.from_date AND s.to_date
  UNION ALL SELECT person_idx, from_date - 1 FROM spans
  UNION ALL SELECT person_idx, to_date + 1 FROM spans),
runs AS (SELECT person_idx, d, lead(d) OVER (PARTITION BY person_idx ORDER BY d) AS next_d FROM marks)
SELECT s.person_idx, s.person_id, s.label, s.unit, r.d + 1 AS gap_from, r.next_d - 1 AS gap_to
FROM runs r JOIN spans s USING (person_idx)
WHERE r.next_d - r.d > 1
ORDER BY s.person_idx, gap_from`;

/** The record days of every person with a span, by person_idx: made slice by slice before the runs. */
const DAYS_TABLE = `${STAGING_PREFIX}recording_gaps_days`;

/** A slice of the runs: the people in its range, their record days from DAYS_TABLE. */
const sliceGaps = (range: SliceRange) =>
  gaps(spans(inKeys('ps.person_idx', range)), `records AS (SELECT s.person_id, x.d FROM ${DAYS_TABLE} x JOIN spans s USING (person_idx))`);

export const RECORDING_GAPS = defineTable({
  name: 'recording_gaps',
  reads: ['person_spans', 'rota_coverage', 'r_incidents', 'r_plan_delivery', 'r_shifts'],
  doc: 'Stretches of days with no records for a person in exposure.',
  sql: gaps(spans(), `records AS (
  SELECT person_id, d FROM (
    ${records()})
  GROUP BY ALL)`),
  slices: {
    prepare: [
      {
        name: DAYS_TABLE,
        // The record days of a range of dates: a day's records are in its own slice alone.
        bounds: () => dateSlices(`(${records()})`, 'd', RECORDS_PER_SLICE),
        slice: (_, range) =>
          raw(`SELECT ps.person_idx, r.d FROM (${records((column) => inDays(column, range))}) r JOIN person_spans ps USING (person_id) GROUP BY ALL`),
      },
    ],
    bounds: () => keySlices('person_spans', 'person_idx', PEOPLE_PER_SLICE),
    slice: (_, range) => raw(sliceGaps(range)),
  },
});
