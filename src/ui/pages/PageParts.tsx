/**
 * Pieces the analysis pages share: the page frame (filters, loading, errors, the download of
 * every result), numbers with test ids and warnings. Views only: every number arrives from an
 * analysis function.
 */
import { useMemo, useRef, type ReactNode } from 'react';
import type { AnalysisWithTables } from '../../analysis/tables';
import type { Filters } from '../../analysis/types';
import type { Engine } from '../../engine';
import { ExportButtons } from '../components/ExportButtons';
import { FilterBar } from '../components/FilterBar';
import { NoData } from '../components/NoData';
import { formatCount, formatInterval, formatNumber } from '../format';
import { filtersKey, useAnalysis, type PageProps } from '../useAnalysis';
import { KeptAnswers } from '../keptAnswers';
import { pseudonymOf, type PersonOption } from '../storage/names';
import { timed } from '../../timing';

export type { PageProps };

/** The common frame: empty state, filter bar, extra controls, progress and errors around the result. */
export function AnalysisFrame<T>(
  props: PageProps & {
    /** What failed, in words ("The plan-delivery analysis"). */
    what: string;
    testid: string;
    run: (engine: Engine, filters: Filters) => Promise<T>;
    /** Extra inputs besides the filters that change the result. */
    deps?: readonly unknown[];
    /** The analysis whose tables are built once the page has its first answer (analysis/tables.ts). */
    warm?: AnalysisWithTables;
    controls?: ReactNode;
    /**
     * The page's download of every number, when some are not in the result (Data quality's staff
     * references); `current` is false while the result shown is being recalculated (for other
     * filters or data), so nothing answered since is mixed in.
     */
    json?: (result: T, current: boolean) => unknown;
    children: (result: T) => ReactNode;
  },
) {
  const { hasData, filters, onFilters, onStart } = props;
  // A selection shown a moment ago (Clear, the unit before) is shown again from its kept answer (keptAnswers.ts).
  const kept = useRef<KeptAnswers<T> | null>(null);
  const answers = (kept.current ??= new KeptAnswers<T>());
  // Timed on the Performance timeline as "analysis <testid>" (the benchmark reads it beside the redraw), a kept answer too.
  const run = (engine: Engine, f: Filters) =>
    timed(`analysis ${props.testid}`, () => answers.get(engine, props.dataVersion, f, props.deps ?? [], () => props.run(engine, f)));
  const { options, result, ranFor } = useAnalysis(props, run, props.deps, props.warm);
  const people: readonly PersonOption[] = options.value?.people ?? [];
  const tokenOf = (id: string) => {
    const p = people.find((x) => x.personId === id);
    return p ? pseudonymOf(p) : null;
  };
  const shownFor = ranFor ? filtersKey(ranFor, tokenOf) : null;
  // The results are drawn again only when they (or the page's own controls) change: a filter
  // change first marks the old ones stale, and redrawing every chart for that alone cost more
  // than the queries (hundreds of ms on the Over time page).
  const value = result.value;
  const body = useMemo(
    () => (value === null ? null : props.children(value)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [value, ...(props.deps ?? [])],
  );
  if (!hasData) return <NoData onStart={onStart} />;
  return (
    <>
      <FilterBar filters={filters} options={options.value} onChange={onFilters} />
      {props.controls}
      {result.loading && (
        <p className="progress" role="status" data-testid="calculating">
          <span className="spinner" aria-hidden="true" />
          Calculating…
        </p>
      )}
      {result.error && (
        <div className="error" role="alert" data-testid={`${props.testid}-error`}>
          {props.what} failed: {result.error}
        </div>
      )}
      {value !== null && (
        <div
          className={result.loading ? 'results stale' : 'results'}
          aria-busy={result.loading}
          data-testid={`${props.testid}-results`}
          data-filters={shownFor ?? undefined}
        >
          {body}
          <section className="page-download" aria-label="All results" data-testid={`${props.testid}-download-all`}>
            <p className="note">Every number on this page, with its interval and the filters used, in one file:</p>
            <ExportButtons label="every number on this page" stem={`${props.testid}-results`} json={() => (props.json ? props.json(value, !result.loading) : value)} />
          </section>
        </div>
      )}
    </>
  );
}

/** A number the end-to-end tests read: its exact value in data-value, formatted in the text. */
export function Num(props: { testid: string; value: number | null | undefined; text?: string; digits?: number }) {
  const text = props.text ?? (props.digits === undefined ? formatCount(props.value) : formatNumber(props.value, props.digits));
  return (
    <span data-testid={props.testid} data-value={props.value ?? ''}>
      {text}
    </span>
  );
}

export function Warnings({ warnings, id }: { warnings: string[]; id: string }) {
  if (warnings.length === 0) return null;
  return (
    <section className="warnings" aria-labelledby={`${id}-warnings-title`}>
      <h2 id={`${id}-warnings-title`}>Warnings</h2>
      <ul data-testid={`${id}-warnings`}>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </section>
  );
}

export const interval = (e: { lower: number | null; upper: number | null } | null | undefined, digits = 1) =>
  e ? formatInterval(e.lower, e.upper, digits) : '–';
