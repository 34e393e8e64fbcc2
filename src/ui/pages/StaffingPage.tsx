import type { Filters, StaffingResult } from '../../analysis/types';
import type { Engine } from '../../engine';
import { SHARE_BAND_LABELS, SHARE_BANDS, SHORTFALL_BAND_LABELS, SHORTFALL_BANDS } from '../../model/settings';
import { FilterBar } from '../components/FilterBar';
import { SHARE_COLOURS, SHORTFALL_COLOURS } from '../components/palette';
import { RateChart, type BandSpec } from '../components/RateChart';
import { formatCount, formatInterval, formatNumber, formatPercent } from '../format';
import { dispersionNote } from '../summaries';
import { useAsync } from '../useAsync';

const SHORTFALL_SHORT = { none: 'Fully staffed', one: '1 short', twoPlus: '2+ short' };
const SHARE_SHORT = { none: 'None', upTo25: '≤ 25 %', from25To50: '25–50 %', over50: '> 50 %' };

const shortfallBands: BandSpec[] = SHORTFALL_BANDS.map((b, i) => ({
  band: b,
  short: SHORTFALL_SHORT[b],
  label: SHORTFALL_BAND_LABELS[b],
  colour: SHORTFALL_COLOURS[i]!,
}));
const shareBands: BandSpec[] = SHARE_BANDS.map((b, i) => ({ band: b, short: SHARE_SHORT[b], label: SHARE_BAND_LABELS[b], colour: SHARE_COLOURS[i]! }));

interface Props {
  engine: Engine | null;
  hasData: boolean;
  dataVersion: number;
  filters: Filters;
  onFilters: (f: Filters) => void;
  onStart: () => void;
}

export default function StaffingPage(props: Props) {
  const { engine, hasData, dataVersion, filters, onFilters, onStart } = props;
  const ready = engine && hasData ? engine : null;
  const options = useAsync(ready ? () => ready.filterOptions() : null, [ready, dataVersion]);
  const result = useAsync(ready ? () => ready.staffing(filters) : null, [
    ready,
    dataVersion,
    filters.from,
    filters.to,
    filters.unit,
    filters.personId,
  ]);

  if (!hasData) {
    return (
      <div className="empty">
        <p>No data is loaded yet.</p>
        <button type="button" className="primary" onClick={onStart}>
          Go to the start page to explore the sample service or import your files
        </button>
      </div>
    );
  }

  const r = result.value;
  return (
    <>
      <FilterBar filters={filters} options={options.value} onChange={onFilters} />
      {result.loading && (
        <p className="progress" role="status" data-testid="calculating">
          <span className="spinner" aria-hidden="true" />
          Calculating…
        </p>
      )}
      {result.error && (
        <div className="error" role="alert" data-testid="staffing-error">
          The staffing analysis failed: {result.error}
        </div>
      )}
      {r && <StaffingResultView result={r} threshold={engine?.settings.dispersionThreshold ?? 1.2} stale={result.loading} />}
    </>
  );
}

function Value(props: { testid: string; value: number | null | undefined; text: string }) {
  return (
    <span data-testid={props.testid} data-value={props.value ?? ''}>
      {props.text}
    </span>
  );
}

function EstimateCells(props: { testid: string; e: { estimate: number; lower: number; upper: number } | null }) {
  const { testid, e } = props;
  if (!e) {
    return (
      <>
        <td data-testid={testid} data-value="">
          not estimable
        </td>
        <td>–</td>
      </>
    );
  }
  return (
    <>
      <td data-testid={testid} data-value={e.estimate}>
        {formatNumber(e.estimate, 2)}
      </td>
      <td>
        <Value testid={`${testid}-lower`} value={e.lower} text={formatNumber(e.lower, 2)} /> to{' '}
        <Value testid={`${testid}-upper`} value={e.upper} text={formatNumber(e.upper, 2)} />
      </td>
    </>
  );
}

function StaffingResultView({ result: r, threshold, stale }: { result: StaffingResult; threshold: number; stale: boolean }) {
  const x = r.exposure;
  const note = dispersionNote(r, threshold);
  return (
    <div className={stale ? 'results stale' : 'results'} aria-busy={stale}>
      <p className="headline" data-testid="headline">
        {r.headline}
      </p>
      <p className="exposure">
        Based on <Value testid="person-periods" value={x.personPeriods} text={formatCount(x.personPeriods)} /> person-periods in{' '}
        <Value testid="periods" value={x.periods} text={formatCount(x.periods)} /> unit shift periods, with{' '}
        <Value testid="incidents" value={x.incidents} text={formatCount(x.incidents)} /> incidents counted.{' '}
        <Value testid="incidents-outside-exposure" value={x.incidentsOutsideExposure} text={formatCount(x.incidentsOutsideExposure)} />{' '}
        {x.incidentsOutsideExposure === 1 ? 'incident falls' : 'incidents fall'} outside every person-period or outside the rota and{' '}
        {x.incidentsOutsideExposure === 1 ? 'is' : 'are'} not in the rates.
      </p>
      {r.warnings.length > 0 && (
        <section className="warnings" aria-labelledby="warnings-title">
          <h2 id="warnings-title">Warnings</h2>
          <ul data-testid="warnings">
            {r.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      )}
      {x.personPeriods === 0 ? (
        <div className="card" data-testid="no-exposure">
          <h2>Nothing to count yet</h2>
          <p>
            Rates need person-periods: the shift periods of a unit covered by the staff rota, for the people living there. Import a staff
            rota (<code>shifts.csv</code>) together with the incidents, and the people file if you have one, or widen the filters.
          </p>
        </div>
      ) : (
        <StaffingDetails result={r} note={note} />
      )}
    </div>
  );
}

function StaffingDetails({ result: r, note }: { result: StaffingResult; note: string }) {
  const rr = r.rateRatios;
  const rg = r.restraintGivenIncident;
  return (
    <>
      <div className="charts">
        <RateChart id="shortfall" title="Incidents by staffing shortfall" dimension="shortfall" cells={r.ratesPer100.shortfall} bands={shortfallBands} />
        <RateChart id="agency" title="Incidents by agency share of staff hours" dimension="agency" cells={r.ratesPer100.agency} bands={shareBands} />
        <RateChart
          id="unfamiliar"
          title="Incidents by unfamiliar-staff share of hours"
          dimension="unfamiliar"
          cells={r.ratesPer100.unfamiliar}
          bands={shareBands}
        />
      </div>

      <section className="card" aria-labelledby="rr-title">
        <h2 id="rr-title">Rate ratios, allowing for person, shift and weekday</h2>
        <p className="summary">
          How many times as many incidents happen in each condition as in the reference condition, for the same person on the same kind
          of shift and weekday (Poisson regression). 1 means no difference.
        </p>
        <div className="table-scroll">
          <table className="numbers" data-testid="rate-ratios">
            <thead>
              <tr>
                <th scope="col" className="left">Compared with</th>
                <th scope="col" className="left">Condition</th>
                <th scope="col">Rate ratio</th>
                <th scope="col">95 % CI</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td rowSpan={2} className="left">Fully staffed</td>
                <th scope="row">{SHORTFALL_BAND_LABELS.one}</th>
                <EstimateCells testid="rr-shortfall-one" e={rr.shortfall.one} />
              </tr>
              <tr>
                <th scope="row">{SHORTFALL_BAND_LABELS.twoPlus}</th>
                <EstimateCells testid="rr-shortfall-twoPlus" e={rr.shortfall.twoPlus} />
              </tr>
              <tr>
                <td rowSpan={3} className="left">No agency staff</td>
                <th scope="row">Agency {SHARE_BAND_LABELS.upTo25.toLowerCase()}</th>
                <EstimateCells testid="rr-agency-upTo25" e={rr.agency.upTo25} />
              </tr>
              <tr>
                <th scope="row">Agency {SHARE_BAND_LABELS.from25To50.toLowerCase()}</th>
                <EstimateCells testid="rr-agency-from25To50" e={rr.agency.from25To50} />
              </tr>
              <tr>
                <th scope="row">Agency {SHARE_BAND_LABELS.over50.toLowerCase()}</th>
                <EstimateCells testid="rr-agency-over50" e={rr.agency.over50} />
              </tr>
            </tbody>
          </table>
        </div>
        {r.model.fitted ? (
          <p className="note" data-testid="dispersion-note">
            Dispersion <Value testid="dispersion" value={r.model.dispersion} text={formatNumber(r.model.dispersion, 2)} />: {note} Fitted to{' '}
            {formatCount(r.model.personPeriods)} person-periods in {formatCount(r.model.cells)} cells.
          </p>
        ) : (
          <p className="note" data-testid="dispersion-note">
            {note}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="excess-title">
        <h2 id="excess-title">Incidents linked to short staffing</h2>
        <p className="summary" data-testid="excess-sentence">
          {r.excessSentence}
        </p>
{r.excessIncidents && (
        <p className="note">
          Estimate: <Value testid="excess-incidents" value={r.excessIncidents.estimate} text={formatNumber(r.excessIncidents.estimate)} />{' '}
          (95 % CI <Value testid="excess-lower" value={r.excessIncidents.lower} text={formatNumber(r.excessIncidents.lower)} /> to{' '}
          <Value testid="excess-upper" value={r.excessIncidents.upper} text={formatNumber(r.excessIncidents.upper)} />
          ): observed incidents minus those the model expects with every period set to fully staffed.
        </p>
        )}
      </section>

      <section className="card" aria-labelledby="restraint-title">
        <h2 id="restraint-title">Incidents that ended in a restrictive intervention</h2>
        <p className="summary" data-testid="restraint-sentence">
          {r.restraintSentence}
        </p>
        <div className="table-scroll">
          <table className="numbers">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Incidents</th>
                <th scope="col">With a restrictive intervention</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['with', 'Short-staffed (about one short or more)', rg.withShortfall],
                  ['without', 'Fully staffed', rg.withoutShortfall],
                ] as const
              ).map(([key, label, g]) => (
                <tr key={key}>
                  <th scope="row">{label}</th>
                  <td>{formatCount(g.incidents)}</td>
                  <td>{formatCount(g.withIntervention)}</td>
                  <td data-testid={`restraint-share-${key}`} data-value={g.share ?? ''}>
                    {formatPercent(g.share, 1)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
{rg.riskRatio && (
        <p className="note">
          Risk ratio:{' '}
          <Value testid="restraint-rr" value={rg.riskRatio.estimate} text={formatNumber(rg.riskRatio.estimate, 2)} /> (95 % CI{' '}
          {formatInterval(rg.riskRatio.lower, rg.riskRatio.upper, 2)}).
        </p>
        )}
      </section>

      <section className="card caveats" aria-labelledby="caveats-title">
        <h2 id="caveats-title">Reading these numbers</h2>
        <ul>
          <li>These are associations. They show what the pattern is, not proof of what caused it.</li>
          <li>Staff are sometimes added because a unit is unsettled, which can make more staff look linked to more incidents.</li>
          <li>Agency staff are known to be left out of incident reports more often, which can hide incidents on agency-heavy shifts.</li>
          <li>Rates resting on fewer than five incidents are flagged; their intervals are wide.</li>
        </ul>
      </section>
    </>
  );
}
