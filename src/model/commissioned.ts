/**
 * commissioned_days: commissioned against allocated staff per person and exposure day, by clock
 * hour (the definition), computed without making a row per hour.
 *
 * Definition. For each person with a commissioned ratio "a:b" (staff c = a / b, so 2:1 → 2),
 * every clock hour of each exposure day (a date of their person-periods) whose midpoint lies in
 * the commissioned window (blank, unreadable or equal times = all day; to < from crosses
 * midnight) is an hour slot with
 *   allocated a = overlap hours, within the hour, of worked rota lines carrying the person's id
 *                 (two staff for half an hour = 1), rounded to 1e-9 so "a < c" is exact;
 *   short       = a < c;
 *   incidents   = the person's incidents whose occurred_at falls in that hour.
 * Per day: hours, short hours, staff-hours short Σ max(0, c − a) = H·c − Σ min(a, c),
 * commissioned staff-hours H·c, delivered Σ min(a, c), incidents in short and in full hours.
 *
 * How. A rota line's whole clock hours add exactly 1 each. A line touches the day it starts on and,
 * across midnight, the next: a lookup of its shape (its first whole hour and how many whole hours
 * it has) gives the hours it covers on each packed into 5 bits an hour, a day in three numbers of 8
 * hours (l0, l1, l2), one row for the day it starts on and one for the next (a night's carry-over);
 * these are summed per person and day (one pass over the rota, DOUBLE sums: exact integers, and
 * cheaper than BIGINT sums), a person's day keyed by one integer: the day's whole-hour allocations,
 * exact while at most 31 lines touch a half-day (the count rides in the sums' upper bits). A day
 * with more is "crowded" and counted hour by hour instead. The days' allocations repeat (a person's
 * days mostly look alike: a few hundred distinct days at W-L), so delivered hours, full hours and
 * which hours are short are worked out once per distinct day, window and ratio. The person's
 * incidents in window hours are packed per day the same way, so a day's incidents in short hours
 * are its packed counts masked by the short hours, summed by a remainder (32 ≡ 1 mod 31: exact
 * while the day has at most 30). Lines that start or end inside an hour add a fraction to that hour
 * only: those few hours are looked at one by one, as are the incidents of a day with such an hour,
 * of a crowded day or of a day with more than 30 incidents, and lines over two days (longer than
 * the rota's 24-hour limit: only a line written into the database) are cut at every midnight. These
 * rare cases read the rota or the incidents again only when there are any. Window hours are a
 * 24-bit mask per person. The rota pass and the incidents are joined on the raw ids that reconcile
 * to the people (reconcile.ts rawPersonIds), not through the reconciled views, whose alias joins on
 * each of the rota's 5 M rows cost about 0.1 s at W-L; the rare cases' second reading of the rota
 * (ROTA) keeps the view: it reads nothing when there are none.
 */
import { rawPersonIds } from './reconcile';
import { defineTable } from './table';

const MINUTES = (x: string) => `
  CASE WHEN regexp_full_match(trim(${x}), '\\d{1,2}:\\d{2}(:\\d{2})?')
       THEN TRY_CAST(split_part(trim(${x}), ':', 1) AS INTEGER) * 60 + TRY_CAST(split_part(trim(${x}), ':', 2) AS INTEGER) END`;

/** Hour index since the epoch (naive timestamps throughout). */
const HOUR = (ts: string) => `(epoch_ms(${ts}) // 3600000)`;

/** Bits an hour in a packed day: counts up to 31. */
const BITS = 5;
/**
 * Whole hours [x, y) of a day packed, one line each hour: Σ 2^(5(h − base)) over the hours of
 * [x, y) in the `width` hours from `base`, a geometric sum. (least/greatest are slow per row: this
 * is evaluated on the few hundred shapes, and on the rare lines cut at midnights.)
 */
const SPREAD = (x0: string, y0: string, base: number, width = 12) => {
  const x = `greatest(${x0}, ${base})`;
  const y = `least(${y0}, ${base + width})`;
  return `CASE WHEN ${y} > ${x} THEN ((1::BIGINT << (${BITS} * (${y} - ${base}))) - (1::BIGINT << (${BITS} * (${x} - ${base})))) // 31 ELSE 0 END`;
};
/**
 * A person's day as one BIGINT key, person_idx · 2^32 + the day's number since the epoch: the days'
 * joins and groups on one column. `pk` is the person's part (personKey), kept in `windows`.
 */
const personKey = (personIdx: string) => `(${personIdx}::BIGINT * ${2 ** 32})`;
const dayKey = (pk: string, day: string) => `(${pk} + ${day})`;
/** Where a packed third's count of lines begins (bit 40). */
const TOUCH = 2 ** 40;
/** Hours [x, y) of a day packed in its third `k` (hours 8k to 8k + 7), 5 bits an hour, as a DOUBLE (under 2^40). */
const THIRD = (x0: string, y0: string, k: number) => `(${SPREAD(x0, y0, 8 * k, 8)})::DOUBLE`;
/** The three thirds of a packed day `p` (DOUBLE sums) as BIGINTs p0, p1, p2 where `exact`, else NULL. */
const THIRDS = (p: string, exact: string) => [0, 1, 2].map((k) => `CASE WHEN ${exact} THEN ${p}${k}::BIGINT END AS ${p}${k}`).join(', ');
/** Whole-hour allocation of hour of day `hod` (a number or an SQL expression) in a packed day (l0, l1, l2). */
const LEVEL = (hod: number | string) =>
  typeof hod === 'number'
    ? `((l${Math.floor(hod / 8)} >> ${BITS * (hod % 8)}) & 31)`
    : `CASE WHEN ${hod} < 8 THEN (l0 >> (${BITS} * ${hod})) & 31 WHEN ${hod} < 16 THEN (l1 >> (${BITS} * (${hod} - 8))) & 31 ELSE (l2 >> (${BITS} * (${hod} - 16))) & 31 END`;
/** Σ over the 24 hours of day of `term(level)` for the window's hours. */
const OVER_WINDOW = (term: (level: string) => string) =>
  Array.from({ length: 24 }, (_, h) => `((mask >> ${h}) & 1) * ${term(LEVEL(h))}`).join('\n       + ');
/** The window's hours h of third `third` (hours 8k to 8k + 7) where `holds(level)`, as 1s in a packed third (times 31: a mask over its 5-bit counts). */
const PACKED_MASK = (third: number, holds: (level: string) => string) =>
  Array.from({ length: 8 }, (_, k) => `(((mask >> ${8 * third + k}) & 1) * (${holds(LEVEL(8 * third + k))})::BIGINT) << ${BITS * k}`)
    .map((bit) => `(${bit})`)
    .join(' | ');
/** Σ of the 5-bit counts of a packed third (at most 30 in all): 32 ≡ 1 (mod 31). */
const COUNTS_SUM = (packed: string) => `(${packed}) % 31`;

/**
 * Worked rota lines allocated to a person with a window (start, end, t0 its start in hours, h1 the
 * hour its end falls in), when `gate` holds: a gate that is false leaves the join's build side
 * empty, so the rota is not scanned (the rare cases below cost nothing when there are none).
 */
const ROTA = (gate: string) => `
  SELECT w.person_idx, s."start", s."end", epoch_ms(s."start") / 3600000.0 AS t0, ${HOUR('s."end"')} AS h1
  FROM r_shifts s JOIN (SELECT * FROM windows WHERE ${gate}) w USING (person_id)
  WHERE s.status = 'worked' AND s."end" > s."start"`;
/** The person's incidents (person_idx, staff, mask, h its hour since the epoch) when `gate` holds, as ROTA. */
const INCIDENTS = (gate: string) => `
  SELECT w.person_idx, w.pk, w.staff, w.mask, ${HOUR('i.occurred_at')} AS h
  FROM incidents i JOIN (${rawPersonIds(`SELECT * FROM windows WHERE ${gate}`)}) w USING (person_id)`;
/**
 * The whole hours [a, b) of rota lines meeting `condition`, when `gate` holds, cut at midnights:
 * hours of day [x, y) on day `day`, a row per day a line touches.
 */
const PIECES = (gate: string, condition: string) => {
  const lines = `SELECT person_idx, ceil(t0)::BIGINT AS a, h1 AS b FROM (${ROTA(gate)}) WHERE ceil(t0) < h1 AND ${condition}`;
  return `
  SELECT person_idx, a // 24 AS day, (a % 24)::INTEGER AS x, (least(b, a // 24 * 24 + 24) - a // 24 * 24)::INTEGER AS y FROM (${lines})
  UNION ALL
  SELECT person_idx, day, 0, (least(b, day * 24 + 24) - day * 24)::INTEGER
  FROM (SELECT person_idx, b, unnest(generate_series(a // 24 + 1, (b - 1) // 24)) AS day FROM (${lines}) WHERE a // 24 < (b - 1) // 24)`;
};
/**
 * `rows` (person_idx, staff, mask, h and more) in a window hour, with its day, hour of day and
 * whole-hour allocation (level) from the packed day, or from the hour's own row on a crowded day
 * (the days read only when `gate` holds: a rare case's join builds nothing when there is none).
 */
const WITH_LEVEL = (rows: string, gate: string) => `
  SELECT r.*, coalesce(CASE WHEN dl.crowded THEN ch.level ELSE ${LEVEL('r.hod')} END, 0) AS level
  FROM (SELECT *, h // 24 AS day, (h % 24)::INTEGER AS hod FROM (${rows}) WHERE (mask >> (h % 24)::INTEGER) & 1 = 1) r
  LEFT JOIN (SELECT * FROM day_levels WHERE ${gate}) dl USING (person_idx, day)
  LEFT JOIN crowded_hours ch USING (person_idx, day, hod)`;

export const COMMISSIONED_DAYS = defineTable({
  name: 'commissioned_days',
  reads: ['person_spans', 'person_days', 'shifts', 'person_aliases', 'r_shifts', 'incidents'],
  doc: 'Commissioned and delivered one-to-one hours per person and day (hour slots).',
  sql: `
WITH parsed AS (
  SELECT *, from_min IS NULL OR to_min IS NULL OR from_min = to_min AS all_day FROM (
    SELECT ps.person_idx, ps.person_id,
           TRY_CAST(split_part(ps.commissioned_ratio, ':', 1) AS DOUBLE)
             / nullif(TRY_CAST(split_part(ps.commissioned_ratio, ':', 2) AS DOUBLE), 0) AS staff,
           ${MINUTES('ps.commissioned_from')} AS from_min, ${MINUTES('ps.commissioned_to')} AS to_min
    FROM person_spans ps WHERE ps.commissioned_ratio IS NOT NULL)
  WHERE staff > 0),
-- Bit h set when clock hour h's midpoint lies in the window; its hours in each third as a packed mask (31 in each hour's bits).
windows AS (
  SELECT *, ${[0, 1, 2].map((k) => `(${PACKED_MASK(k, () => 'TRUE')}) * 31 AS window${k}`).join(', ')} FROM (
    SELECT w.person_idx, ${personKey('w.person_idx')} AS pk, w.person_id, w.staff,
           bit_or(1::BIGINT << h.hour) FILTER (
             WHERE w.all_day
                OR (w.from_min < w.to_min AND h.hour * 60 + 30 >= w.from_min AND h.hour * 60 + 30 < w.to_min)
                OR (w.from_min > w.to_min AND (h.hour * 60 + 30 >= w.from_min OR h.hour * 60 + 30 < w.to_min))) AS mask
    FROM parsed w CROSS JOIN (SELECT range::INTEGER AS hour FROM range(24)) h
    GROUP BY ALL)
  -- A window holding no hour's midpoint (09:10–09:20) has no hour slot: the person has no rows.
  WHERE mask IS NOT NULL),
-- Exposure days: the person-days with person-periods (model/personDays.ts), keyed k, with the person's window and ratio.
days AS (
  SELECT pd.person_idx, pd.unit_idx, pd.date, (epoch_ms(pd.date) // 86400000) AS day, ${dayKey('w.pk', 'epoch_ms(pd.date) // 86400000')} AS k, w.staff, w.mask, w.window0, w.window1, w.window2
  FROM person_days pd JOIN windows w USING (person_idx) WHERE pd.periods > 0),
-- A line's shape: its first whole hour x0 of the day it starts on and how many whole hours it has,
-- len, ending by the next day's end (e = x0 + len ≤ 48: every line the rota's 24-hour limit takes;
-- a longer one is cut below instead); its hours packed in each third (d0, d1, d2) of that day
-- (next = 0) and, across midnight, of the next (next = 1: a night's carry-over), 40 bits each, with
-- whether it touches the half-day (for "crowded") counted from bit 40: in d0 the morning, in d2 the
-- afternoon.
shapes AS (
  SELECT len * 24 + x0 AS shape, 0 AS next,
         ${THIRD('x0', 'x0 + len', 0)} + ${TOUCH}::DOUBLE * (x0 < 12)::INTEGER AS d0, ${THIRD('x0', 'x0 + len', 1)} AS d1,
         ${THIRD('x0', 'x0 + len', 2)} + ${TOUCH}::DOUBLE * (x0 + len > 12)::INTEGER AS d2
  FROM range(24) r(x0), range(1, 49) s(len) WHERE x0 + len <= 48
  UNION ALL
  SELECT len * 24 + x0, 1,
         ${THIRD('0', 'x0 + len - 24', 0)} + ${TOUCH}::DOUBLE, ${THIRD('0', 'x0 + len - 24', 1)},
         ${THIRD('0', 'x0 + len - 24', 2)} + ${TOUCH}::DOUBLE * (x0 + len > 36)::INTEGER
  FROM range(24) r(x0), range(1, 49) s(len) WHERE x0 + len <= 48 AND x0 + len > 24),
-- Worked lines' whole hours [a, b) by shape, summed per person and day (k: the day they start on,
-- and the next for a night's carry-over; a line with no whole hour, or ending after the next day,
-- matches no shape). Sums of
-- DOUBLEs, cheaper than BIGINTs' (whose sums are HUGEINTs) and exact while under 2^53: below bit 40
-- while at most 31 lines touch the half-day (else crowded), and the count from bit 40 reads more
-- than 31 whenever that is not so. odd = the most time a line has outside its whole hours, times
-- 64, plus where its last whole hour ends: over 48 when a line starts or ends inside an hour or ends
-- after the next day (its rota lines are then read again, below). Lines ending
-- before they start (the import takes none) match no shape, and the reading again leaves them out.
line_days AS MATERIALIZED (
  SELECT l.k + s.next AS k, sum(s.d0) AS d0, sum(s.d1) AS d1, sum(s.d2) AS d2, max(l.odd) > 48 AS odd
  FROM (SELECT ${dayKey('pk', 'a // 24')} AS k, (b - a) * 24 + a % 24 AS shape, ((e_ms - s_ms) - (b - a) * 3600000) * 64 + a % 24 + b - a AS odd
        FROM (SELECT w.pk, ceil(epoch_ms(s."start") / 3600000.0)::BIGINT AS a, ${HOUR('s."end"')} AS b, epoch_ms(s."start") AS s_ms, epoch_ms(s."end") AS e_ms
              FROM shifts s JOIN (${rawPersonIds('SELECT person_id, pk FROM windows')}) w USING (person_id) WHERE s.status = 'worked')) l
  LEFT JOIN shapes s USING (shape)
  GROUP BY ALL),
-- Lines ending after the next day (longer than the rota takes), cut at midnights, per person and day as above.
long_days AS (
  SELECT ${dayKey(personKey('person_idx'), 'day')} AS k, sum(${THIRD('x', 'y', 0)} + ${TOUCH}::DOUBLE * (x < 12)::INTEGER) AS d0, sum(${THIRD('x', 'y', 1)}) AS d1,
         sum(${THIRD('x', 'y', 2)} + ${TOUCH}::DOUBLE * (y > 12)::INTEGER) AS d2
  FROM (${PIECES('(SELECT bool_or(odd) FROM line_days)', 'h1 - ceil(t0)::BIGINT + ceil(t0)::BIGINT % 24 > 48')})
  GROUP BY ALL),
-- The person's incidents in window hours per person and day: how many, and how many in each hour
-- packed as the lines are.
incident_days AS (
  SELECT k, count(*)::INTEGER AS incidents,
         ${[0, 1, 2].map((k) => `sum(CASE WHEN hod // 8 = ${k} THEN one END) AS i${k}`).join(', ')}
  FROM (SELECT ${dayKey('pk', 'h // 24')} AS k, (h % 24)::INTEGER AS hod, (1::BIGINT << (${BITS} * ((h % 24)::INTEGER % 8)))::DOUBLE AS one
        FROM (${INCIDENTS('TRUE')}) WHERE (mask >> (h % 24)::INTEGER) & 1 = 1)
  GROUP BY ALL),
-- Per person and exposure day: the whole-hour allocation of hour h in bits 5(h − 8k)… of lk (the
-- day's third k = h // 8) — the lines that start that day and those that started the day before and
-- cross midnight (line_days), and lines cut at midnights — exact when at most 31 lines touch each half-day (a
-- crowded day, with more, is counted hour by hour); its incidents in window hours, and how many in
-- each hour packed the same way in i0, i1, i2 (exact up to 30 a day).
day_levels AS MATERIALIZED (
  SELECT person_idx, day, k, unit_idx, date, staff, mask, window0, window1, window2, crowded,
         ${THIRDS('l', 'NOT crowded')}, incidents, ${THIRDS('i', 'incidents <= 30')}
  FROM (SELECT d.person_idx, d.day, d.k, d.unit_idx, d.date, d.staff, d.mask, d.window0, d.window1, d.window2,
               (coalesce(today.d0, 0) + coalesce(ld.d0, 0))::BIGINT AS morning,
               (coalesce(today.d2, 0) + coalesce(ld.d2, 0))::BIGINT AS afternoon,
               morning >> 40 > 31 OR afternoon >> 40 > 31 AS crowded,
               morning & ${TOUCH - 1} AS l0, (coalesce(today.d1, 0) + coalesce(ld.d1, 0))::BIGINT AS l1, afternoon & ${TOUCH - 1} AS l2,
               coalesce(i.incidents, 0) AS incidents, coalesce(i.i0, 0) AS i0, coalesce(i.i1, 0) AS i1, coalesce(i.i2, 0) AS i2
        FROM days d
        LEFT JOIN line_days today ON today.k = d.k
        LEFT JOIN long_days ld ON ld.k = d.k
        LEFT JOIN incident_days i ON i.k = d.k)),
crowded_hours AS (
  SELECT person_idx, day, hod::INTEGER AS hod, count(*)::INTEGER AS level
  FROM (SELECT p.person_idx, p.day, unnest(range(p.x, p.y)) AS hod
        FROM (${PIECES('(SELECT bool_or(crowded) FROM day_levels)', 'TRUE')}) p
        SEMI JOIN (SELECT person_idx, day FROM day_levels WHERE crowded) c USING (person_idx, day))
  GROUP BY ALL),
-- Once per distinct packed day, window and ratio: delivered staff-hours Σ min(level, c), full hours
-- (level ≥ c) over the window, and its short hours as a packed mask (31 in each short hour's bits).
profiles AS (
  SELECT l0, l1, l2, mask, staff,
         (${OVER_WINDOW((level) => `least(${level}, staff)`)})::DOUBLE AS delivered,
         (${OVER_WINDOW((level) => `(${level} >= staff)::INTEGER`)})::INTEGER AS full_hours,
         ${[0, 1, 2].map((k) => `(${PACKED_MASK(k, (level) => `${level} < staff`)}) * 31 AS short${k}`).join(', ')}
  FROM (SELECT DISTINCT l0, l1, l2, mask, staff FROM day_levels WHERE NOT crowded)),
crowded_totals AS (
  SELECT ch.person_idx, ch.day, sum(least(ch.level, w.staff))::DOUBLE AS delivered, count(*) FILTER (WHERE ch.level >= w.staff)::INTEGER AS full_hours
  FROM crowded_hours ch JOIN windows w USING (person_idx)
  WHERE (w.mask >> ch.hod) & 1 = 1
  GROUP BY ALL),
-- Lines that start or end inside an hour (lines with the same times taken together, n), and those fractions of an hour.
lines AS (
  SELECT person_idx, ${HOUR('"start"')} AS h0, ${HOUR('"end"')} AS h1,
         epoch_ms("start") / 3600000.0 AS t0, epoch_ms("end") / 3600000.0 AS t1, n
  FROM (SELECT person_idx, "start", "end", count(*)::INTEGER AS n FROM (${ROTA('(SELECT bool_or(odd) FROM line_days)')})
        WHERE epoch_ms("start") % 3600000 <> 0 OR epoch_ms("end") % 3600000 <> 0 GROUP BY ALL)),
partials AS (
  SELECT person_idx, h, sum(w)::DOUBLE AS extra FROM (
    SELECT person_idx, h0 AS h, n * (t1 - t0) AS w FROM lines WHERE h0 = h1
    UNION ALL SELECT person_idx, h0, n * (ceil(t0) - t0) FROM lines WHERE h0 < h1 AND t0 < ceil(t0)
    UNION ALL SELECT person_idx, h1, n * (t1 - h1) FROM lines WHERE h0 < h1 AND t1 > h1)
  GROUP BY ALL),
-- Hours with a fraction: what the fraction changes in delivered and full hours.
corrections AS (
  SELECT person_idx, day,
         sum(least(allocated, staff) - least(level, staff))::DOUBLE AS delivered_correction,
         sum((allocated >= staff)::INTEGER - (level >= staff)::INTEGER)::INTEGER AS full_correction
  FROM (SELECT *, round(level + extra, 9) AS allocated FROM (${WITH_LEVEL('SELECT p.person_idx, w.staff, w.mask, p.h, p.extra FROM partials p JOIN windows w USING (person_idx)', '(SELECT bool_or(odd) FROM line_days)')}))
  GROUP BY ALL),
-- Days whose incidents are looked at one by one: a crowded day, a day with an hour's fraction, a day with over 30.
slow_days AS (
  SELECT person_idx, day FROM day_levels WHERE incidents > 0 AND (crowded OR incidents > 30)
  UNION SELECT person_idx, day FROM corrections),
slow_incidents AS (
  SELECT person_idx, day, count(*) FILTER (WHERE allocated < staff)::INTEGER AS incidents_short,
         count(*) FILTER (WHERE allocated >= staff)::INTEGER AS incidents_full
  FROM (SELECT i.person_idx, i.day, i.staff, round(i.level + coalesce(p.extra, 0), 9) AS allocated
        FROM (${WITH_LEVEL(INCIDENTS('(SELECT count(*) > 0 FROM slow_days)'), '(SELECT count(*) > 0 FROM slow_days)')}) i
        SEMI JOIN slow_days USING (person_idx, day)
        LEFT JOIN partials p USING (person_idx, h))
  GROUP BY ALL),
judged AS (
  SELECT dl.person_idx, dl.unit_idx, dl.date, dl.staff, bit_count(dl.mask)::INTEGER AS hours,
         coalesce(ct.delivered, pr.delivered, 0) + coalesce(c.delivered_correction, 0) AS delivered,
         coalesce(ct.full_hours, pr.full_hours, 0) + coalesce(c.full_correction, 0) AS full_hours,
         dl.crowded OR dl.incidents > 30 OR c.person_idx IS NOT NULL AS slow, dl.incidents,
         -- A day with no whole-hour allocation has no profile: every window hour is short.
         ${[0, 1, 2].map((k) => COUNTS_SUM(`dl.i${k} & coalesce(pr.short${k}, dl.window${k})`)).join(' + ')} AS packed_short,
         si.incidents_short AS slow_short, si.incidents_full AS slow_full
  FROM day_levels dl
  LEFT JOIN profiles pr ON pr.l0 = dl.l0 AND pr.l1 = dl.l1 AND pr.l2 = dl.l2 AND pr.mask = dl.mask AND pr.staff = dl.staff
  LEFT JOIN crowded_totals ct USING (person_idx, day)
  LEFT JOIN corrections c USING (person_idx, day)
  LEFT JOIN slow_incidents si USING (person_idx, day))
-- Stored unsorted: its reads (commissioned_weeks, and a date range's part weeks) sum filtered rows,
-- and at W-L sorting its 694 k rows was a tenth of the page's first open, with no read faster for it.
SELECT person_idx, unit_idx, date, date_trunc('week', date)::DATE AS week,
       hours, (hours - full_hours)::INTEGER AS short_hours,
       (hours * staff - delivered)::DOUBLE AS staff_hours_short,
       (hours * staff)::DOUBLE AS commissioned_staff_hours,
       delivered::DOUBLE AS delivered_staff_hours,
       CASE WHEN slow THEN coalesce(slow_short, 0) ELSE packed_short END::INTEGER AS incidents_short,
       CASE WHEN slow THEN coalesce(slow_full, 0) ELSE incidents - packed_short END::INTEGER AS incidents_full
FROM judged`,
});
