/**
 * unit_continuity: staff continuity per unit and date — the number of different staff (distinct
 * staff ids on worked rota lines of the unit) who started a shift there in the 7 days before the
 * date — and its band. Bands are thirds of the unit's own days (so a big unit's many staff do not
 * pass for poor continuity): a day falls in the band holding its place among the unit's days (the
 * share of days with fewer different staff plus half the share with as many), ties together. Days without a full 7 days of rota before them have no value (band NULL).
 *
 * CONTINUITY_BANDS is the one definition: this SQL and the methods page read it.
 */
import { defineTable } from './table';
export const CONTINUITY_DAYS = 7;

export const CONTINUITY_BANDS = [
  { key: 'most', upTo: 1 / 3, label: 'Most continuity (fewest different staff: the unit’s lowest third of days)' },
  { key: 'middle', upTo: 2 / 3, label: 'Middle third' },
  { key: 'least', upTo: 1, label: 'Least continuity (most different staff: the unit’s highest third of days)' },
] as const;
export type ContinuityBand = (typeof CONTINUITY_BANDS)[number]['key'];

const bandCase = (x: string) =>
  `CASE ${CONTINUITY_BANDS.map((b) => `WHEN ${x} <= ${b.upTo} + 1e-9 THEN '${b.key}'`).join(' ')} END`;

export const UNIT_CONTINUITY = defineTable({
  name: 'unit_continuity',
  reads: ['r_shifts', 'units', 'rota_coverage'],
  doc: "Staff continuity per unit and date: different staff who worked there in the 7 days before, and its band (thirds of the unit's days).",
  sql: `
WITH staff_days AS (
  SELECT DISTINCT u.unit_idx, s."start"::DATE AS date, s.staff_id
  FROM r_shifts s JOIN units u USING (unit) WHERE s.status = 'worked' AND s.staff_id IS NOT NULL),
days AS (
  SELECT u.unit_idx, unnest(generate_series(c.first_date + ${CONTINUITY_DAYS}, c.last_date, INTERVAL 1 DAY))::DATE AS date
  FROM rota_coverage c JOIN units u USING (unit)),
counts AS (
  SELECT d.unit_idx, d.date, count(DISTINCT s.staff_id)::INTEGER AS different_staff
  FROM days d LEFT JOIN staff_days s
    ON s.unit_idx = d.unit_idx AND s.date >= d.date - ${CONTINUITY_DAYS} AND s.date < d.date
  GROUP BY ALL),
-- A day's place in its unit: the middle of its ties (share of days below plus half the tied share),
-- so days all alike sit in the middle band, not at one end.
placed AS (
  SELECT *, (cume_dist() OVER (PARTITION BY unit_idx ORDER BY different_staff)
             - 0.5 * count(*) OVER (PARTITION BY unit_idx, different_staff) / count(*) OVER (PARTITION BY unit_idx)) AS place
  FROM counts)
SELECT unit_idx, date, different_staff, ${bandCase('place')} AS band
FROM placed ORDER BY date, unit_idx`,
});
