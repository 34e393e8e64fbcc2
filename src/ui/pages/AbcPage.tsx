/**
 * Analysis 9 — functional assessment (ABC): counts by antecedent, behaviour and consequence, the
 * contingency-space comparison as charts with their sentences and tables, setting events, and the
 * incidents behind a cell on request (pseudonymised, no description). Views only.
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  abcAnalysis,
  abcCellIncidents,
  comparisonGroup,
  countTableSentence,
  groupSentence,
  MAX_CELL_INCIDENTS,
  type AbcResult,
  type ComparisonView,
  type CountRow,
  type SettingEventRow,
} from '../../analysis/abc';
import type { Filters } from '../../analysis/types';
import type { Engine } from '../../engine';
import { ChartCard } from '../components/ChartCard';
import { CiBarChart } from '../components/CiBarChart';
import { OKABE_ITO } from '../components/palette';
import { formatCount, formatNumber, formatPercent } from '../format';
import { useAsync } from '../useAsync';
import { AnalysisFrame, interval, Num, Warnings, type PageProps } from './PageParts';
import { TableScroll } from '../components/TableScroll';

export default function AbcPage(props: PageProps) {
  return (
    <AnalysisFrame {...props} what="The ABC analysis" testid="abc" warm="abc" run={(engine, filters) => abcAnalysis(engine.model, filters, engine.settings)}>
      {(r) => <AbcView r={r} engine={props.engine} filters={props.filters} />}
    </AnalysisFrame>
  );
}

type Kind = 'behaviourGivenAntecedent' | 'consequenceGivenAntecedent' | 'consequenceGivenBehaviour';
interface Cell {
  antecedent?: string;
  behaviour?: string;
  consequence?: string;
}

function AbcView({ r, engine, filters }: { r: AbcResult; engine: Engine | null; filters: Filters }) {
  const [cell, setCell] = useState<Cell | null>(null);
  return (
    <>
      <section className="card" aria-labelledby="abc-findings-title" data-testid="abc-findings">
        <h2 id="abc-findings-title">What stands out</h2>
        <p className="exposure">
          <Num testid="abc-incidents" value={r.incidents} /> incidents in this selection, counted by their recorded antecedent, behaviour type and
          consequence.
        </p>
        {r.findings.length === 0 ? (
          <p data-testid="abc-no-findings">No combination stands out beyond chance with enough incidents to say so.</p>
        ) : (
          <ul>
            {r.findings.map((f, i) => (
              <li key={f} data-testid={`abc-finding-${i}`}>
                {f}
              </li>
            ))}
          </ul>
        )}
        <p className="note" data-testid="abc-note">
          {r.note}
        </p>
      </section>
      <Warnings warnings={r.warnings} id="abc" />
      <CountCard id="abc-antecedents" title="Incidents by antecedent" what="Antecedent" rows={r.antecedents} sentence={countTableSentence('antecedent', r.antecedents, r.incidents)} />
      <CountCard id="abc-behaviours" title="Incidents by behaviour type" what="Behaviour" rows={r.behaviours} sentence={countTableSentence('behaviour', r.behaviours, r.incidents)} />
      <CountCard id="abc-consequences" title="Incidents by consequence" what="Consequence" rows={r.consequences} sentence={countTableSentence('consequence', r.consequences, r.incidents)} />
      {r.incidents > 0 && (
        <>
          <ComparisonCard r={r} kind="behaviourGivenAntecedent" onList={setCell} />
          <ComparisonCard r={r} kind="consequenceGivenAntecedent" onList={setCell} />
          <ComparisonCard r={r} kind="consequenceGivenBehaviour" onList={setCell} />
        </>
      )}
      <SettingEventsCard rows={r.settingEvents} sentence={r.sentences.settingEvents} />
      {cell && engine && <CellIncidents engine={engine} filters={filters} cell={cell} onClose={() => setCell(null)} />}
    </>
  );
}

function CountCard({ id, title, what, rows, sentence }: { id: string; title: string; what: string; rows: CountRow[]; sentence: string }) {
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={sentence}
      table={{
        caption: title,
        rows,
        columns: [
          { key: 'value', label: what, value: (x) => x.value, left: true },
          { key: 'incidents', label: 'Incidents', value: (x) => x.incidents, testid: (_x, i) => `${id}-incidents-${i}` },
          { key: 'share', label: 'Share', value: (x) => x.share, show: (x) => formatPercent(x.share, 1) },
        ],
      }}
    />
  );
}

/** Axis labels short enough to sit side by side; the table gives the full words. */
const short = (s: string) => (s.length > 18 ? `${s.slice(0, 17)}…` : s);

const KIND = {
  behaviourGivenAntecedent: { id: 'abc-behaviour-given-antecedent', title: 'Which behaviours follow each antecedent', given: 'Antecedent', outcome: 'Behaviour', what: 'behaviour' },
  consequenceGivenAntecedent: { id: 'abc-consequence-given-antecedent', title: 'Which consequences follow each antecedent', given: 'Antecedent', outcome: 'Consequence', what: 'consequence' },
  consequenceGivenBehaviour: { id: 'abc-consequence-given-behaviour', title: 'Which consequences follow each behaviour', given: 'Behaviour', outcome: 'Consequence', what: 'consequence' },
} as const;

/** The antecedent (or behaviour) to show first: the one of the strongest pattern, else the most common. */
function firstGiven(r: AbcResult, kind: Kind): string {
  const givens = (kind === 'consequenceGivenBehaviour' ? r.behaviours : r.antecedents).map((x) => x.value);
  const best = givens
    .map((g) => ({ g, lower: Math.max(0, ...comparisonGroup(r, kind, g).filter((x) => x.standsOut).map((x) => x.lower ?? 0)) }))
    .sort((a, b) => b.lower - a.lower)[0];
  return best && best.lower > 1 ? best.g : (givens[0] ?? '');
}

function ComparisonCard({ r, kind, onList }: { r: AbcResult; kind: Kind; onList: (c: Cell) => void }) {
  const k = KIND[kind];
  const selectId = useId();
  const givens = (kind === 'consequenceGivenBehaviour' ? r.behaviours : r.antecedents).map((x) => x.value);
  const [chosen, setChosen] = useState(() => firstGiven(r, kind));
  const given = givens.includes(chosen) ? chosen : (givens[0] ?? '');
  const rows = comparisonGroup(r, kind, given);
  const sentence = groupSentence(given, k.what, rows);
  const cellOf = (x: ComparisonView): Cell =>
    kind === 'behaviourGivenAntecedent'
      ? { antecedent: given, behaviour: x.outcome }
      : kind === 'consequenceGivenAntecedent'
        ? { antecedent: given, consequence: x.outcome }
        : { behaviour: given, consequence: x.outcome };
  const colour = (x: ComparisonView) => (x.standsOut ? (x.lower! > 1 ? OKABE_ITO.vermillion : OKABE_ITO.blue) : OKABE_ITO.skyBlue);
  return (
    <ChartCard
      id={k.id}
      title={k.title}
      sentence={sentence}
      sentenceTestid={`${k.id}-sentence`}
      before={
        <div className="filters" style={{ marginTop: 0 }}>
          <div className="field">
            <label htmlFor={selectId}>{k.given}</label>
            <select id={selectId} value={given} onChange={(e) => setChosen(e.target.value)} data-testid={`${k.id}-select`}>
              {givens.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </div>
        </div>
      }
      chart={(ref) => (
        <CiBarChart
          chartRef={ref}
          sentence={sentence}
          yLabel="Times as often as overall"
          valueName="P(given) ÷ P(overall)"
          digits={2}
          bars={rows.map((x) => ({ key: x.outcome, label: short(x.outcome), value: x.ratio, lower: x.lower, upper: x.upper, colour: colour(x) }))}
        />
      )}
      table={{
        caption: `${k.title}: ${given}`,
        rows,
        columns: [
          { key: 'outcome', label: k.outcome, value: (x) => x.outcome, left: true },
          { key: 'incidents', label: 'Incidents', value: (x) => x.incidents, testid: (_x, i) => `${k.id}-incidents-${i}` },
          { key: 'pGiven', label: `Share after “${given}”`, value: (x) => x.pGiven, show: (x) => formatPercent(x.pGiven, 1) },
          { key: 'pOverall', label: 'Share overall', value: (x) => x.pOverall, show: (x) => formatPercent(x.pOverall, 1) },
          { key: 'ratio', label: 'Times as often', value: (x) => x.ratio, show: (x) => formatNumber(x.ratio, 2), testid: (_x, i) => `${k.id}-ratio-${i}` },
          { key: 'interval', label: '95 % CI', value: (x) => (x.lower === null ? null : `${x.lower}–${x.upper}`), show: (x) => interval(x, 2), nowrap: true },
          { key: 'flag', label: 'Note', value: (x) => (x.standsOut ? 'stands out' : x.small ? 'small numbers' : ''), left: true },
          {
            key: 'list',
            label: 'Incidents',
            value: () => null,
            screenOnly: true,
            show: (x) =>
              x.incidents > 0 ? (
                <button type="button" className="link-button" onClick={() => onList(cellOf(x))} data-testid={`${k.id}-list-${x.outcome}`}>
                  List
                </button>
              ) : (
                '–'
              ),
          },
        ],
      }}
    >
      <p className="note">
        Each bar is how many times as often the {k.what} was recorded after “{given}” as over all incidents (1 = as often), with its exact 95 %
        interval. Vermillion: more often, beyond chance; blue: less often; light blue: no clear difference or small numbers (a cell under 5
        incidents, or under 10 after “{given}”).
      </p>
    </ChartCard>
  );
}

function SettingEventsCard({ rows, sentence }: { rows: SettingEventRow[]; sentence: string }) {
  return (
    <ChartCard
      id="abc-setting-events"
      title="Setting events: incidents against time under each condition"
      sentence={sentence}
      sentenceTestid="abc-setting-events-sentence"
      table={{
        caption: 'Setting events',
        rows,
        columns: [
          { key: 'label', label: 'Condition', value: (x) => x.label, left: true },
          { key: 'incidentShare', label: 'Share of incidents', value: (x) => x.incidentShare, show: (x) => formatPercent(x.incidentShare, 1), testid: (x) => `abc-se-${x.condition}-incidents` },
          { key: 'timeShare', label: 'Share of time', value: (x) => x.timeShare, show: (x) => formatPercent(x.timeShare, 1) },
          { key: 'rateRatio', label: 'Rate ratio', value: (x) => x.rateRatio?.estimate ?? null, show: (x) => formatNumber(x.rateRatio?.estimate, 2), testid: (x) => `abc-se-${x.condition}-rr` },
          { key: 'interval', label: '95 % CI', value: (x) => (x.rateRatio ? `${x.rateRatio.lower}–${x.rateRatio.upper}` : null), show: (x) => interval(x.rateRatio, 2), nowrap: true },
          { key: 'incidentsUnder', label: 'Incidents under it', value: (x) => x.incidentsUnder },
          { key: 'periodsUnder', label: 'Person-periods under it', value: (x) => x.periodsUnder },
          { key: 'periodsKnown', label: 'Person-periods known', value: (x) => x.periodsKnown },
          { key: 'small', label: 'Note', value: (x) => (x.small ? 'small numbers' : ''), left: true },
        ],
      }}
    >
      <p className="note">
        Time is the person-periods (shift periods of each person on their unit) where the condition is known; the rate ratio compares incidents per
        person-period under the condition with those not under it, with an exact interval. Staff added because a unit is unsettled, and the same
        days holding several conditions at once, both shape these numbers.
      </p>
    </ChartCard>
  );
}

function CellIncidents({ engine, filters, cell, onClose }: { engine: Engine; filters: Filters; cell: Cell; onClose: () => void }) {
  const state = useAsync(() => abcCellIncidents(engine.model, filters, cell), [engine, filters, cell]);
  // Keyboard and screen-reader users land on the list they asked for.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [cell]);
  const what = [cell.antecedent && `after “${cell.antecedent}”`, cell.behaviour && `behaviour “${cell.behaviour}”`, cell.consequence && `consequence “${cell.consequence}”`]
    .filter(Boolean)
    .join(', ');
  return (
    <section className="card" aria-labelledby="abc-cell-title" data-testid="abc-cell">
      <h2 id="abc-cell-title" tabIndex={-1} ref={heading}>
        The incidents behind this cell: {what}
      </h2>
      {state.loading && <p role="status">Loading…</p>}
      {state.error && <p role="alert">{state.error}</p>}
      {state.value && (
        <>
          <p className="summary" data-testid="abc-cell-sentence">
            {formatCount(state.value.total)} incidents{state.value.total > state.value.incidents.length ? `; the first ${MAX_CELL_INCIDENTS} are listed` : ''}. People
            appear by their pseudonym; descriptions are not shown.
          </p>
          <TableScroll caption="Incidents behind the cell">
            <table className="numbers" data-testid="abc-cell-table">
              <caption className="visually-hidden">Incidents behind the cell</caption>
              <thead>
                <tr>
                  {['When', 'Person', 'Unit', 'Antecedent', 'Behaviour', 'Consequence', 'Severity'].map((h) => (
                    <th key={h} scope="col" className="left">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {state.value.incidents.map((i, n) => (
                  <tr key={n}>
                    <th scope="row">{i.occurredAt}</th>
                    <td className="left">{i.person}</td>
                    <td className="left">{i.unit}</td>
                    <td className="left">{i.antecedent}</td>
                    <td className="left">{i.behaviour}</td>
                    <td className="left">{i.consequence}</td>
                    <td>{i.severity ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      <button type="button" onClick={onClose} data-testid="abc-cell-close">
        Close the list
      </button>
    </section>
  );
}
