import type { Estimate, StaffingResult } from '../../analysis/types';
import { SHARE_BAND_LABELS, SHARE_BANDS, SHORTFALL_BAND_LABELS, SHORTFALL_BANDS } from '../../model/settings';
import { ChartCard } from '../components/ChartCard';
import { SHARE_COLOURS, SHORTFALL_COLOURS } from '../components/palette';
import { RateChart, type BandSpec } from '../components/RateChart';
import { formatCount, formatInterval, formatNumber, formatPercent } from '../format';
import { dispersionNote } from '../summaries';
import { AnalysisFrame, Num, Warnings, type PageProps } from './PageParts';

const SHORTFALL_SHORT = { none: 'Fully staffed', one: '1 short', twoPlus: '2+ short' };
const SHARE_SHORT = { none: 'None', upTo25: '≤ 25 %', from25To50: '25–50 %', over50: '> 50 %' };

const shortfallBands: BandSpec[] = SHORTFALL_BANDS.map((b, i) => ({
  band: b,
  short: SHORTFALL_SHORT[b],
  label: SHORTFALL_BAND_LABELS[b],
  colour: SHORTFALL_COLOURS[i]!,
}));
const shareBands: BandSpec[] = SHARE_BANDS.map((b, i) => ({ band: b, short: SHARE_SHORT[b], label: SHARE_BAND_LABELS[b], colour: SHARE_COLOURS[i]! }));

export default function StaffingPage(props: PageProps) {
  const threshold = props.engine?.settings.dispersionThreshold ?? 1.2;
  return (
    <AnalysisFrame {...props} what="The staffing analysis" testid="staffing" warm="staffing" run={(engine, filters) => engine.staffing(filters)}>
      {(r) => <StaffingResultView result={r} threshold={threshold} />}
    </AnalysisFrame>
  );
}

function StaffingResultView({ result: r, threshold }: { result: StaffingResult; threshold: number }) {
  const x = r.exposure;
  const note = dispersionNote(r, threshold);
  return (
    <>
      <p className="headline" data-testid="headline">
        {r.headline}
      </p>
      <p className="exposure">
        Based on <Num testid="person-periods" value={x.personPeriods} text={formatCount(x.personPeriods)} /> person-periods in{' '}
        <Num testid="periods" value={x.periods} text={formatCount(x.periods)} /> unit shift periods, with{' '}
        <Num testid="incidents" value={x.incidents} text={formatCount(x.incidents)} /> incidents counted.{' '}
        <Num testid="incidents-outside-exposure" value={x.incidentsOutsideExposure} text={formatCount(x.incidentsOutsideExposure)} />{' '}
        {x.incidentsOutsideExposure === 1 ? 'incident falls' : 'incidents fall'} outside every person-period or outside the rota and{' '}
        {x.incidentsOutsideExposure === 1 ? 'is' : 'are'} not in the rates.
      </p>
      <Warnings warnings={r.warnings} id="staffing" />
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
    </>
  );
}

interface RatioRow {
  key: string;
  condition: string;
  reference: string;
  e: Estimate | null;
  /** The same rate ratio without the periods in which nobody worked. */
  without: Estimate | null;
}

function StaffingDetails({ result: r, note }: { result: StaffingResult; note: string }) {
  const rr = r.rateRatios;
  const without = r.withoutNobodyWorked?.rateRatios ?? null;
  const rg = r.restraintGivenIncident;
  const ratios: RatioRow[] = [
    ...(['one', 'twoPlus'] as const).map((b) => ({
      key: `shortfall-${b}`,
      condition: SHORTFALL_BAND_LABELS[b],
      reference: 'Fully staffed',
      e: rr.shortfall[b],
      without: without?.shortfall[b] ?? null,
    })),
    ...(['upTo25', 'from25To50', 'over50'] as const).map((b) => ({
      key: `agency-${b}`,
      condition: `Agency ${SHARE_BAND_LABELS[b].toLowerCase()}`,
      reference: 'No agency staff',
      e: rr.agency[b],
      without: without?.agency[b] ?? null,
    })),
  ];
  const restraintRows = [
    { key: 'with', label: 'Short-staffed (about one short or more)', g: rg.withShortfall },
    { key: 'without', label: 'Fully staffed', g: rg.withoutShortfall },
  ];
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

      <ChartCard
        id="rr"
        title="Rate ratios, allowing for person, shift and weekday"
        sentence="How many times as many incidents happen in each condition as in the reference condition, for the same person on the same kind of shift and weekday (Poisson regression). 1 means no difference."
        table={{
          caption: 'Incidence rate ratios from the Poisson model',
          testid: 'rate-ratios',
          rows: ratios,
          columns: [
            { key: 'condition', label: 'Condition', value: (x) => x.condition },
            { key: 'reference', label: 'Compared with', value: (x) => x.reference, left: true },
            {
              key: 'rateRatio',
              label: 'Rate ratio',
              value: (x) => x.e?.estimate ?? null,
              show: (x) => (x.e ? formatNumber(x.e.estimate, 2) : 'not estimable'),
              testid: (x) => `rr-${x.key}`,
            },
            { key: 'lower', label: '95 % CI lower', value: (x) => x.e?.lower ?? null, show: (x) => formatNumber(x.e?.lower, 2), testid: (x) => `rr-${x.key}-lower` },
            { key: 'upper', label: '95 % CI upper', value: (x) => x.e?.upper ?? null, show: (x) => formatNumber(x.e?.upper, 2), testid: (x) => `rr-${x.key}-upper` },
            // The BRIEF's check: the same model without the periods in which nobody worked, when there are any.
            ...(r.withoutNobodyWorked
              ? [
                  {
                    key: 'withoutNobodyWorked',
                    label: 'Without periods nobody worked (95 % CI)',
                    value: (x: RatioRow) => x.without?.estimate ?? null,
                    show: (x: RatioRow) => (x.without ? `${formatNumber(x.without.estimate, 2)} (${formatInterval(x.without.lower, x.without.upper, 2)})` : 'not estimable'),
                    testid: (x: RatioRow) => `rr-${x.key}-without-nobody-worked`,
                  },
                ]
              : []),
          ],
        }}
        after={
          <>
            {r.nobodyWorkedSentence && (
              <p className="note" data-testid="nobody-worked-sentence">
                {r.nobodyWorkedSentence}
              </p>
            )}
            {r.model.fitted ? (
              <p className="note" data-testid="dispersion-note">
                Dispersion <Num testid="dispersion" value={r.model.dispersion} digits={2} /> (Pearson χ² over the model's cells, divided by
                their residual degrees of freedom): {note} Fitted to {formatCount(r.model.personPeriods)} person-periods in{' '}
                {formatCount(r.model.cells)} cells.
              </p>
            ) : (
              <p className="note" data-testid="dispersion-note">
                {note}
              </p>
            )}
          </>
        }
      />

      <ChartCard
        id="excess"
        title="Incidents linked to short staffing"
        sentence={r.excessSentence}
        sentenceTestid="excess-sentence"
        json={r.excessIncidents ? () => r.excessIncidents : undefined}
      >
        {r.excessIncidents && (
          <p className="note">
            Estimate: <Num testid="excess-incidents" value={r.excessIncidents.estimate} digits={1} /> (95 % CI{' '}
            <Num testid="excess-lower" value={r.excessIncidents.lower} digits={1} /> to <Num testid="excess-upper" value={r.excessIncidents.upper} digits={1} />
            ): observed incidents minus those the model expects with every period set to fully staffed.
          </p>
        )}
      </ChartCard>

      <ChartCard
        id="restraint"
        title="Incidents that ended in a restrictive intervention"
        sentence={r.restraintSentence}
        sentenceTestid="restraint-sentence"
        table={{
          caption: 'Incidents with a restrictive intervention, short-staffed and fully staffed periods',
          rows: restraintRows,
          columns: [
            { key: 'period', label: 'Period', value: (x) => x.label },
            { key: 'incidents', label: 'Incidents', value: (x) => x.g.incidents },
            { key: 'withIntervention', label: 'With a restrictive intervention', value: (x) => x.g.withIntervention },
            { key: 'share', label: 'Share', value: (x) => x.g.share, show: (x) => formatPercent(x.g.share, 1), testid: (x) => `restraint-share-${x.key}` },
          ],
        }}
      >
        {rg.riskRatio && (
          <p className="note">
            Risk ratio: <Num testid="restraint-rr" value={rg.riskRatio.estimate} digits={2} /> (95 % CI {formatInterval(rg.riskRatio.lower, rg.riskRatio.upper, 2)}).
          </p>
        )}
      </ChartCard>

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
