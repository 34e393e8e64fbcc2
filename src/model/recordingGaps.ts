/**
 * Stretches without any record, per person: within their span (admission to discharge) clipped
 * to the dates their unit's rota covers (before the exports begin nothing could have been
 * recorded), every maximal run of one or more days with no incident, plan-delivery row or rota
 * line allocated to them. A date filter clips a run to its range (the runs of a clipped span are
 * exactly these runs clipped), and the page keeps those of at least N days.
 *
 * Built in the background in two rounds of slices (Model.buildInBackground): the record days by
 * ranges of dates (each file read by its dates), then the runs by ranges of people; a page that
 * asks before the runs' slices begin builds it whole, the cheaper way then.
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

/**
 * The days are counted from DAY_ZERO in blocks of BLOCK_DAYS, one bit a day (bitstring_agg wants a
 * constant range): a person's records in a block are one bitstring, so the 6.5 M record rows at
 * W-L go into about a thousand groups (person, block) instead of 850,000 (person, day), and no
 * window sorts the days. Blocks are counted by floor division, so a date before DAY_ZERO (DuckDB
 * reads '0000-06-01' as 1 BC) falls in a negative block with a bit from 0 up, like any other.
 */
const DAY_ZERO = "DATE '0001-01-01'";
const BLOCK_DAYS = 4096;
const dayOf = (d: string) => `(${d} - ${DAY_ZERO})`;
const blockOf = (d: string) => `floor(${dayOf(d)} / ${BLOCK_DAYS})::BIGINT`;
const bitOf = (d: string) => `(${dayOf(d)} - ${blockOf(d)} * ${BLOCK_DAYS})::INTEGER`;

/**
 * The same runs as `gaps` over every record, read off bitstrings: each span's days as a string
 * of 0 (no record) and 1 (a record), cut at its runs of 1; the runs of 0 between are the gaps,
 * placed by the lengths of the runs before them.
 */
const bitGaps = () => `
WITH ${spans()},
records AS (${records()}),
blocks AS (
  SELECT person_id, ${blockOf('d')} AS block, bitstring_agg(${bitOf('d')}, 0, ${BLOCK_DAYS - 1}) AS bits
  FROM records WHERE d IS NOT NULL GROUP BY ALL),
span_blocks AS (
  SELECT person_idx, person_id, unnest(range(${blockOf('from_date')}, ${blockOf('to_date')} + 1)) AS block FROM spans),
-- Each span's days, first to last: '1' on a day with a record.
span_days AS (
  SELECT s.*, substring(d.bits, ${bitOf('s.from_date')} + 1, (s.to_date - s.from_date + 1)::INTEGER) AS days
  FROM spans s JOIN (
    SELECT sb.person_idx, string_agg(coalesce(b.bits::VARCHAR, repeat('0', ${BLOCK_DAYS})), '' ORDER BY sb.block) AS bits
    FROM span_blocks sb LEFT JOIN blocks b USING (person_id, block) GROUP BY 1) d USING (person_idx)),
-- The runs of 0 (zeros, maybe empty at either end) and of 1 between them, in order.
runs AS (
  SELECT person_idx, person_id, label, unit, from_date, unnest(zeros) AS zeros, unnest(ones) AS ones, generate_subscripts(zeros, 1) AS k
  FROM (SELECT *, string_split_regex(days, '1+') AS zeros, regexp_extract_all(days, '1+') AS ones FROM span_days)),
placed AS (
  SELECT *, sum(len(zeros) + coalesce(len(ones), 0)) OVER (PARTITION BY person_idx ORDER BY k) - len(zeros) - coalesce(len(ones), 0) AS before
  FROM runs)
SELECT person_idx, person_id, label, unit, from_date + before::INTEGER AS gap_from, from_date + (before + len(zeros) - 1)::INTEGER AS gap_to
FROM placed WHERE len(zeros) > 0
ORDER BY person_idx, gap_from`;

/** The record days of every person with a span, by person_idx: made slice by slice before the runs. */
const DAYS_TABLE = `${STAGING_PREFIX}recording_gaps_days`;

/** A slice of the runs: the people in its range, their record days from DAYS_TABLE. */
const sliceGaps = (range: SliceRange) =>
  gaps(spans(inKeys('ps.person_idx', range)), `records AS (SELECT s.person_id, x.d FROM ${DAYS_TABLE} x JOIN spans s USING (person_idx))`);

export const RECORDING_GAPS = defineTable({
  name: 'recording_gaps',
  reads: ['person_spans', 'rota_coverage', 'r_incidents', 'r_plan_delivery', 'r_shifts'],
  doc: 'Stretches of days with no records for a person in exposure.',
  sql: bitGaps(),
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
    // At W-L (Node CPU) the whole table (bitGaps) took 0.53–0.81 s; a page's finish begun 1–8
    // slices into the record days' ~17 took 0.57–0.89 s, and once they were made 0.18 s: a page
    // that asks before the runs' slices begin builds it whole.
    wholeBeforeLastStage: true,
  },
});
