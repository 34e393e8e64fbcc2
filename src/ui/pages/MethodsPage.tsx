import type { Settings, ShiftDefinition } from '../../model/settings';
import { plausibilityText } from '../../ingest/plausible';
import { gridCodesText } from '../../ingest/gridCodes';
import { formatNumber } from '../format';
import { whoWasThereMethod } from '../../report/whoMethod';
import { abcMethodNotes } from '../../report/method';
import { GRAIN_METHOD } from '../../analysis/grain';

/** End time of a period that starts at HH:MM and lasts `hours`, wrapping past midnight. */
export function periodEnd(s: ShiftDefinition): string {
  const [h, m] = s.start.split(':').map(Number) as [number, number];
  const minutes = Math.round((h * 60 + m + s.hours * 60) % (24 * 60));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function pattern(shifts: ShiftDefinition[]): string {
  return shifts.map((s) => `${s.name} ${s.start}–${periodEnd(s)}`).join(', ');
}

const pct = (x: number) => `${formatNumber(x * 100, 0)} %`;
const num = (x: number) => formatNumber(x, Number.isInteger(x) ? 0 : 1);

/**
 * The definitions every number rests on, written from the settings the model actually uses. The
 * tables that compute them, and which page reads which, are listed in docs/model-catalog.md
 * (generated from src/model/catalog.ts).
 */
export default function MethodsPage({ settings }: { settings: Settings }) {
  const sf = settings.shortfallBandEdges;
  const sh = settings.shareBandEdges;
  const fam = settings.familiarity;
  const units = Object.entries(settings.unitShiftPatterns);
  return (
    <div className="prose">
      <section aria-labelledby="m-periods">
        <h2 id="m-periods">Shift periods</h2>
        <p data-testid="method-pattern">
          Each unit’s day is cut into shift periods: {pattern(settings.shiftPattern)}.
          {units.map(([u, p]) => ` ${u} uses its own pattern: ${pattern(p)}.`)} A period belongs to the date it starts on. Times are local
          clock times.
        </p>
        <p data-testid="method-grid-codes">
          <strong>Grid rotas</strong> (staff as rows, days as columns) are read with these shift codes: {gridCodesText()}
        </p>
      </section>
      <section aria-labelledby="m-staff">
        <h2 id="m-staff">Staff present, required and short</h2>
        <p>
          <strong>Staff present</strong> in a period is the hours of worked shifts on that unit that overlap the period, divided by the
          period’s length: two people for half a period count as one.
        </p>
        <p>
          <strong>Required staff</strong> comes from the staffing requirements file for the unit and shift (and weekday, where given).
          Where there is none, it is the number planned in the rota for that period (worked, unfilled, cancelled and sickness lines). A
          period with neither is left out of the shortage analysis and counted in a warning.
        </p>
        <p data-testid="method-shortfall">
          <strong>Shortfall</strong> is required minus present, and never below zero. Fully staffed: short by less than {num(sf.one)}.
          About one short: {num(sf.one)} to less than {num(sf.twoPlus)}. Two or more short: {num(sf.twoPlus)} or more.
        </p>
      </section>
      <section aria-labelledby="m-share">
        <h2 id="m-share">Agency and unfamiliar staff</h2>
        <p data-testid="method-agency">
          <strong>Agency share</strong> is the agency staff-hours in a period divided by all staff-hours. Bands, exact at their edges:
          none (0); more than 0 up to {pct(sh.lowUpper)}; more than {pct(sh.lowUpper)} up to {pct(sh.midUpper)}; more than{' '}
          {pct(sh.midUpper)}.
        </p>
        <p data-testid="method-nobody-worked">
          A <strong>period in which nobody worked</strong> (rota lines, but every one unfilled, sick, cancelled or only planned) has
          agency and unfamiliar share 0 — no agency hours were worked — and is short by the whole number required. It stays in every
          analysis: it is the deepest shortfall there is. Data quality lists such periods as possible gaps in the rota, and the staffing
          page also gives the rate ratios without them, as a check. A period with no rota lines at all is unknown, not empty, and is left
          out as above.
        </p>
        <p data-testid="method-unfamiliar">
          A worked shift is by an <strong>unfamiliar</strong> staff member when they worked fewer than {fam.minShifts} shifts on that unit
          in the {fam.windowDays} days before it starts. Unfamiliar share is their hours divided by all staff-hours, in the same bands.
        </p>
      </section>
      <section aria-labelledby="m-exposure">
        <h2 id="m-exposure">Person-periods and incidents</h2>
        <p>
          <strong>Person-periods</strong> are the exposure: every period of a person’s unit whose date lies between their admission and
          discharge, both days included. Without an admission date, the person’s first record stands in; without a discharge date, the
          last date the rota covers.
        </p>
        <p>
          An incident belongs to the period of its unit whose start is at or before the time it happened and whose end is after it.
          Incidents outside every person-period or outside the rota are counted and reported, never dropped silently.
        </p>
      </section>
      <section aria-labelledby="m-stats">
        <h2 id="m-stats">Statistics</h2>
        <p>
          <strong>Rates</strong> are incidents per 100 person-periods, with exact (Garwood) Poisson 95 % confidence intervals.
        </p>
        <p data-testid="method-model">
          <strong>Rate ratios</strong> come from a Poisson regression of incidents in each person-period on shortfall band, agency band,
          person, shift and weekday, so a comparison is made within a person and a unit. Intervals are Wald intervals on the log scale.
          The model is fitted on cells (person × shortfall band × agency band × shift × weekday), which gives the same estimates as
          one row per person-period. Its <strong>Pearson dispersion</strong> is the Pearson χ² over those cells divided by their residual
          degrees of freedom (cells − coefficients − people with incidents); R’s <code>glm</code> on one row per person-period computes
          it over person-periods instead, a different number. When this dispersion is above{' '}
          {formatNumber(settings.dispersionThreshold, 1)} the counts vary more than the model expects, and every interval is widened by
          the square root of the dispersion (quasi-Poisson); the page says when this happened.
        </p>
        <p>
          <strong>Incidents linked to short staffing</strong> are the incidents observed minus those the model expects had every
          person-period been fully staffed. Its interval is the delta method over every coefficient of the model (person, shift and
          weekday as well as the staffing bands) with their full covariance, widened as above; the What if page’s intervals are made
          the same way. A short band with no incidents has no rate ratio and is left out of this count, and the page says so.
        </p>
        <p>
          <strong>Incidents ending in a restrictive intervention</strong>: the share of incidents with at least one recorded restrictive
          intervention (PRN medication included), in short-staffed against fully staffed periods, compared as a risk ratio with a log-scale Wald interval.
        </p>
        <p data-testid="method-grain">
          <strong>Weeks and months</strong>: {GRAIN_METHOD}
        </p>
      </section>
      <section aria-labelledby="m-who" data-testid="method-who">
        <h2 id="m-who">Who was there</h2>
        {whoWasThereMethod(settings).map((n) => (
          <p key={n.id}>
            <strong>{n.title}</strong>: {n.text}
          </p>
        ))}
      </section>
      <section aria-labelledby="m-abc" data-testid="method-abc">
        <h2 id="m-abc">Functional assessment (ABC)</h2>
        {abcMethodNotes().map((n) => (
          <p key={n.id}>
            <strong>{n.title}.</strong> {n.text}
          </p>
        ))}
      </section>
      <section aria-labelledby="m-plausible">
        <h2 id="m-plausible">Values that are not believed</h2>
        <p>{plausibilityText(settings.plausibility)}</p>
      </section>
      <section aria-labelledby="m-caveats">
        <h2 id="m-caveats">What the numbers cannot say</h2>
        <p>
          They show associations, not proof of cause. Staff added because a unit is unsettled can make more staff look linked to more
          incidents. Agency staff are known to be left out of incident reports more often. Small numbers are flagged rather than hidden.
        </p>
      </section>
    </div>
  );
}
