import { createContext, useContext, useId, useRef, useState, type ReactNode } from 'react';
import { dataQualityChecks, dataQualityStaffReferences, withStaffReferences, type DataQualityChecks } from '../../analysis/dataQuality';
import type { StaffRecording } from '../../analysis/staffInvolvement';
import { timed } from '../../timing';
import type { Filters } from '../../analysis/types';
import { useAsync } from '../useAsync';
import { OKABE_ITO } from '../components/palette';
import { formatPercent } from '../format';
import { ChartCard } from '../components/ChartCard';
import { DataTable, ifRows } from '../components/DataTable';
import { CiBarChart } from '../components/CiBarChart';
import { AnalysisFrame, Num, Warnings, type PageProps } from './PageParts';

export default function DataQualityPage(props: PageProps) {
  const [gapDays, setGapDays] = useState(7);
  const inputId = useId();
  const controls = (
    <form className="filters" aria-label="Gap length" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={inputId}>A gap: this many days or more with no record</label>
        <input
          id={inputId}
          type="number"
          min={2}
          max={365}
          value={gapDays}
          onChange={(e) => {
            const v = Math.round(Number(e.target.value));
            if (v >= 2 && v <= 365) setGapDays(v);
          }}
          data-testid="gap-days"
        />
      </div>
    </form>
  );
  const checksAnswered = useAnsweredOnce();
  const staff = useStaffReferences(props, checksAnswered);
  // The page's download of every number: the staff references put with the checks only when both
  // are for the same filters and data (the checks shown are current, and the counts are theirs);
  // else the file says why they are not in it.
  const download = (r: DataQualityChecks, current: boolean) => {
    const fits = current && staff.filters !== null && sameFilters(staff.filters, r.filters);
    if (fits && staff.counts) return withStaffReferences(r, staff.counts);
    const why = !current
      ? 'left out: the checks in this file were being recalculated when it was made'
      : fits && staff.error
        ? `left out: counting them failed (${staff.error})`
        : 'left out: still being counted when this file was made';
    return { ...r, staffReferences: null, staffReferencesNote: why };
  };
  return (
    <StaffNow.Provider value={staff}>
      <AnalysisFrame
        {...props}
        what="The data-quality checks"
        testid="quality" warm="dataQuality"
        deps={[gapDays]}
        controls={controls}
        run={(engine, filters) => dataQualityChecks(engine.model, filters, engine.settings, { gapDays }).finally(() => checksAnswered(props.dataVersion).resolve())}
        json={download}
      >
        {(r) => <QualityView r={r} staff={<StaffReferencesCard />} />}
      </AnalysisFrame>
    </StaffNow.Provider>
  );
}

/** The staff references for the page's filters and data: the counts, or why there are none yet. */
interface StaffReferences {
  /** For the filters and data now: null until counted (or when counting failed). */
  counts: StaffRecording | null;
  /** Counting for the filters and data now failed. */
  error: string | null;
  /** The filters `counts` or `error` are for; null while counting. */
  filters: Filters | null;
}

/** Per data version, a promise settled once the checks have been answered (or have failed) for it. */
type AnsweredOnce = (dataVersion: number) => { done: Promise<void>; resolve: () => void };

function useAnsweredOnce(): AnsweredOnce {
  const byVersion = useRef(new Map<number, { done: Promise<void>; resolve: () => void }>());
  return (version) => {
    let entry = byVersion.current.get(version);
    if (!entry) {
      let resolve = () => {};
      const done = new Promise<void>((r) => (resolve = r));
      entry = { done, resolve };
      byVersion.current.set(version, entry);
    }
    return entry;
  };
}

/**
 * The staff named on incidents, matched to the rota, asked for on their own as soon as the filters
 * or the data change, beside the other checks (not behind their redraw): their table
 * (model/staffRecording.ts) is the page's slowest to build the first time. Only the first ask for
 * some data waits until the checks have been answered for it: the database answers one statement
 * at a time, and the checks' own statements (after their tables' builds) must not queue behind
 * staff_recording's build — which one went first was a race (at W-L the first sections then took
 * as long as the whole page). useAsync, not useAnalysis: the filter choices are the page's, loaded
 * once.
 */
function useStaffReferences(props: PageProps, checksAnswered: AnsweredOnce): StaffReferences {
  const { dataVersion, filters } = props;
  const ready = props.engine && props.hasData ? props.engine : null;
  const result = useAsync(
    ready
      ? async () => {
          await ready.ready();
          await checksAnswered(dataVersion).done;
          return { counts: await timed('analysis quality-staff', () => dataQualityStaffReferences(ready.model, filters)), dataVersion, filters };
        }
      : null,
    [ready, dataVersion, filters.from, filters.to, filters.unit, filters.personId],
  );
  // Between a change of the filters and the effect that asks again, the last answer is for others.
  const current = !result.loading && result.value !== null && result.value.dataVersion === dataVersion && sameFilters(result.value.filters, filters);
  if (current) return { counts: result.value!.counts, error: null, filters };
  if (!result.loading && result.error) return { counts: null, error: result.error, filters };
  return { counts: null, error: null, filters: null };
}

/**
 * The staff references as they are now, for their card: the frame redraws the checks only when
 * their answer arrives, and the card is drawn inside them, so it reads its state from here.
 */
const StaffNow = createContext<StaffReferences>({ counts: null, error: null, filters: null });

function QualityView({ r, staff }: { r: DataQualityChecks; staff: ReactNode }) {
  const f = r.useOfForce;
  return (
    <>
      <p className="headline" data-testid="quality-headline">
        {r.sentences.imports}
      </p>
      <Warnings warnings={r.warnings} id="quality" />

      <ChartCard
        id="quality-imports"
        title="Every row read: accepted or rejected"
        sentence={r.sentences.imports}
        table={{
          caption: 'Files imported',
          testids: true,
          rows: r.imports,
          columns: [
            { key: 'file', label: 'File', value: (x) => x.file },
            { key: 'kind', label: 'Kind', value: (x) => x.kind, left: true },
            { key: 'read', label: 'Read', value: (x) => x.read },
            { key: 'accepted', label: 'Accepted', value: (x) => x.accepted },
            { key: 'rejected', label: 'Rejected', value: (x) => x.rejected },
            { key: 'duplicates', label: 'Of which duplicates', value: (x) => x.duplicates },
            { key: 'balanced', label: 'Read = accepted + rejected', value: (x) => (x.balanced ? 'yes' : 'NO') },
            { key: 'error', label: 'Problem', value: (x) => x.error ?? '', left: true },
          ],
        }}
      />

      <ChartCard
        id="quality-gaps"
        title="Gaps in recording"
        sentence={r.sentences.gaps}
        before={
          <p className="note">
            Gaps: <Num testid="quality-gaps" value={r.gaps.total} />, <Num testid="quality-gap-days" value={r.gaps.days} /> days, for{' '}
            <Num testid="quality-gap-people" value={r.gaps.people} /> people. Looked for between admission and discharge, within the dates the unit's
            rota covers.{r.gaps.truncated ? ' The 500 longest are listed.' : ''}
          </p>
        }
        table={ifRows({
          caption: 'Stretches of days without any record',
          testids: true,
          rows: r.gaps.list,
          columns: [
            { key: 'person', label: 'Person', value: (g) => g.label },
            { key: 'unit', label: 'Unit', value: (g) => g.unit, left: true },
            { key: 'from', label: 'From', value: (g) => g.from, left: true },
            { key: 'to', label: 'To', value: (g) => g.to, left: true },
            { key: 'days', label: 'Days', value: (g) => g.days },
          ],
        })}
      />

      <ChartCard
        id="quality-outside"
        title="Incidents outside the rota or the admission"
        sentence={r.sentences.outside}
        before={
          <p className="note">
            Outside: <Num testid="quality-outside" value={r.outsideExposure.outside} /> of <Num testid="quality-incidents" value={r.outsideExposure.incidents} /> incidents.
          </p>
        }
        table={ifRows({
          id: 'quality-outside-reasons',
          caption: 'Incidents outside the exposure, by reason',
          testids: true,
          rows: r.outsideExposure.byReason,
          columns: [
            { key: 'reason', label: 'Reason', value: (x) => x.reason },
            { key: 'count', label: 'Incidents', value: (x) => x.count },
          ],
        })}
        after={
          r.outsideExposure.examples.length > 0 && (
            <DataTable
              id="quality-outside-examples"
              summary={`The first ${r.outsideExposure.examples.length}`}
              caption="Incidents outside the exposure"
              rows={r.outsideExposure.examples}
              columns={[
                { key: 'incident', label: 'Incident', value: (x) => x.incidentId },
                { key: 'at', label: 'When', value: (x) => x.occurredAt, left: true },
                { key: 'unit', label: 'Unit', value: (x) => x.unit, left: true },
                { key: 'reason', label: 'Reason', value: (x) => x.reason, left: true },
              ]}
            />
          )
        }
      />

      <ChartCard
        id="quality-rota-gaps"
        title="Shift periods in which nobody worked: possible gaps in the rota"
        sentence={r.sentences.rotaGaps}
        sentenceTestid="sentence-quality-rota-gaps"
        before={
          <p className="note">
            Periods with rota lines but no worked hours: <Num testid="quality-rota-gaps" value={r.rotaGaps.total} />. They stay in every analysis,
            short by the whole number of staff required, with no agency or unfamiliar staff hours.
            {r.rotaGaps.truncated ? ' The first 500 are listed.' : ''}
          </p>
        }
        table={ifRows({
          caption: 'Shift periods in which nobody worked',
          testids: true,
          rows: r.rotaGaps.list,
          columns: [
            { key: 'unit', label: 'Unit', value: (x) => x.unit },
            { key: 'date', label: 'Date', value: (x) => x.date, left: true },
            { key: 'shift', label: 'Shift', value: (x) => x.shift, left: true },
            { key: 'required', label: 'Staff required', value: (x) => x.required },
          ],
        })}
      />

      <ChartCard
        id="quality-units"
        title="Units across the files"
        sentence={r.sentences.units}
        table={{
          caption: 'Rows per unit in each file',
          testids: true,
          rows: r.units,
          columns: [
            { key: 'unit', label: 'Unit', value: (u) => u.unit },
            { key: 'shifts', label: 'Rota lines', value: (u) => u.shifts },
            { key: 'incidents', label: 'Incidents', value: (u) => u.incidents },
            { key: 'people', label: 'People', value: (u) => u.people },
            { key: 'requirements', label: 'Requirements', value: (u) => u.requirements },
            { key: 'events', label: 'Events', value: (u) => u.events },
            { key: 'missing', label: 'Missing from', value: (u) => u.missingFrom.join(', '), left: true },
            { key: 'similar', label: 'Looks like', value: (u) => u.similarTo.join(', '), left: true },
          ],
        }}
      />

      <ChartCard
        id="quality-dup"
        title="Duplicates"
        sentence={r.sentences.duplicates}
        sentenceTestid="sentence-quality-duplicates"
        before={
          <p className="note">
            Skipped at import: <Num testid="quality-dup-skipped" value={r.duplicates.skippedAtImport} />; possible duplicates among accepted incidents:{' '}
            <Num testid="quality-dup-possible" value={r.duplicates.possibleTotal} />.
          </p>
        }
        table={ifRows({
          caption: 'Possible duplicate incidents (same person and behaviour, at most a minute apart)',
          rows: r.duplicates.possible,
          columns: [
            { key: 'first', label: 'Incident', value: (p) => p.firstId },
            { key: 'second', label: 'Possible duplicate', value: (p) => p.secondId, left: true },
            { key: 'firstAt', label: 'First at', value: (p) => p.firstAt, left: true },
            { key: 'secondAt', label: 'Second at', value: (p) => p.secondAt, left: true },
            { key: 'behaviour', label: 'Behaviour', value: (p) => p.behaviour, left: true },
          ],
        })}
      />

      <ChartCard
        id="quality-orphans"
        title="Restrictive interventions without their incident"
        sentence={`Restrictive interventions whose incident is not in the incidents file: ${r.orphanInterventions.count}.`}
        before={
          <p className="note">
            Count: <Num testid="quality-orphans" value={r.orphanInterventions.count} />
          </p>
        }
        table={ifRows({
          caption: 'Interventions without their incident',
          rows: r.orphanInterventions.examples,
          columns: [
            { key: 'incident', label: 'Incident id', value: (o) => o.incidentId },
            { key: 'type', label: 'Type', value: (o) => o.type, left: true },
            { key: 'start', label: 'Started', value: (o) => o.startedAt, left: true },
          ],
        })}
      />

      {staff}

      <ChartCard
        id="quality-force"
        title="Use of Force Act records: how complete"
        sentence={r.sentences.useOfForce}
        chart={
          f.records > 0
            ? (ref) => (
                <CiBarChart
                  chartRef={ref}
                  sentence={r.sentences.useOfForce}
                  yLabel="% of records holding it"
                  digits={0}
                  bars={f.items
                    .filter((x) => x.share !== null)
                    .map((x) => ({ key: x.item, label: x.item, value: 100 * x.share!, lower: null, upper: null, colour: x.share! < 0.9 ? OKABE_ITO.orange : OKABE_ITO.bluishGreen }))}
                />
              )
            : undefined
        }
        before={
          <p className="note">
            Records of force: <Num testid="quality-force-records" value={f.records} /> restrictive interventions (PRN for distress left out:{' '}
            {f.prnExcluded}). Items held by fewer than 90 % of records are in orange. Mental Health Units (Use of Force) Act 2018, section 6(5).
          </p>
        }
        table={{
          caption: 'Use of Force Act s6(5) items',
          testids: true,
          rows: f.items,
          columns: [
            { key: 'item', label: 'Item', value: (x) => x.item },
            { key: 'requirement', label: 'The record must include', value: (x) => x.requirement, left: true },
            { key: 'fields', label: 'Fields in these exports', value: (x) => x.fields ?? 'none', left: true },
            { key: 'holding', label: 'Records holding it', value: (x) => x.holding },
            { key: 'share', label: 'Share', value: (x) => x.share, show: (x) => (x.holding === null ? 'not recorded' : formatPercent(x.share, 0)) },
            { key: 'note', label: 'Note', value: (x) => x.note ?? '', left: true },
          ],
        }}
      />
    </>
  );
}

/**
 * The staff references' card. Until their numbers for these filters are in, it says so
 * (aria-busy): it never shows a blank, or numbers for other filters as if they were these.
 */
function StaffReferencesCard() {
  const { counts: s, error } = useContext(StaffNow);
  // One live region kept across the card's states, outside its busy part, says when the counts
  // arrive (a region made with its text, or inside a busy part, is not announced).
  const said = s ? 'The staff named on incidents are counted: their numbers are in the card below.' : '';
  return (
    <>
      <p className="visually-hidden" role="status" data-testid="quality-staff-status">
        {said}
      </p>
      <StaffReferencesBody s={s} error={error} />
    </>
  );
}

function StaffReferencesBody({ s, error }: { s: StaffRecording | null; error: string | null }) {
  if (error) {
    return (
      <div className="error" role="alert" data-testid="quality-staff-error">
        Counting the staff named on incidents failed: {error}
      </div>
    );
  }
  if (!s) {
    return (
      <section className="card" aria-labelledby="quality-staff-title" aria-busy="true" data-testid="card-quality-staff">
        <h2 id="quality-staff-title">Staff named on incidents, matched to the rota</h2>
        <p className="progress" data-testid="quality-staff-counting">
          <span className="spinner" aria-hidden="true" />
          Still counting the staff named on incidents and matching them to the rota: their numbers appear here when done.
        </p>
      </section>
    );
  }
  return (
    <div aria-busy="false" data-testid="quality-staff-ready">
      <ChartCard
        id="quality-staff"
        title="Staff named on incidents, matched to the rota"
        sentence={s.sentence}
        table={{
          caption: 'Staff references on incidents',
          testids: true,
          rows: [
            ['Incidents naming no staff', s.incidentsWithoutStaff],
            ['Staff references', s.references],
            ['Matched to a rota staff id exactly', s.matchedExactly],
            ['Matched after ignoring case, spaces and punctuation', s.matchedNormalised],
            ['Matched by a staff match chosen on the Reconcile page', s.matchedByAlias],
            ['Fitting more than one staff member (left out)', s.ambiguous],
            ['Matching nobody on the rota (left out)', s.unmatched],
            ['Same staff member named twice on one incident (counted once)', s.repeated],
            ['Matched, but not on a worked shift there at the time (left out)', s.notOnShift],
          ] as const,
          columns: [
            { key: 'what', label: 'What', value: ([what]) => what, left: true },
            { key: 'n', label: 'Number', value: ([, n]) => n },
          ],
        }}
      />
    </div>
  );
}

const sameFilters = (a: Filters, b: Filters) => a.from === b.from && a.to === b.to && a.unit === b.unit && a.personId === b.personId;
