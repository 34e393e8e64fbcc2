import { useEffect, useRef } from 'react';
import { tablesToWarm, type AnalysisWithTables } from '../analysis/tables';
import type { Filters } from '../analysis/types';
import type { Engine, FilterOptions } from '../engine';
import { useAsync, type AsyncState } from './useAsync';

/** What every analysis page receives from the app. */
export interface PageProps {
  engine: Engine | null;
  hasData: boolean;
  dataVersion: number;
  filters: Filters;
  onFilters: (f: Filters) => void;
  onStart: () => void;
}

/**
 * Run one analysis for the page's filters: again whenever the data, a filter or one of `deps`
 * (the page's own controls) changes; a stale answer never overwrites a newer one. Also loads the
 * filter bar's choices, once the first answer is in. Nothing runs until data is loaded. With `warm`, once the first answer is
 * shown the Model builds every table that analysis can read (analysis/tables.ts), so the first
 * filter change (a person, a unit: another branch of its queries) finds them built.
 */
export function useAnalysis<T>(
  page: Pick<PageProps, 'engine' | 'hasData' | 'dataVersion' | 'filters'>,
  run: (engine: Engine, filters: Filters) => Promise<T>,
  deps: readonly unknown[] = [],
  warm?: AnalysisWithTables,
): { options: AsyncState<FilterOptions>; result: AsyncState<T>; ranFor: Filters | null } {
  const { engine, hasData, dataVersion, filters } = page;
  const ready = engine && hasData ? engine : null;
  const answer = useAsync<{ value: T; ranFor: Filters }>(
    ready
      ? async () => {
          await ready.ready();
          return { value: await run(ready, filters), ranFor: filters };
        }
      : null,
    [ready, dataVersion, filters.from, filters.to, filters.unit, filters.personId, ...deps],
  );
  // The filter bar's choices after the page's first answer: the database answers one query at a
  // time, and the first chart should not wait behind them.
  const answered = answer.value !== null || answer.error !== null;
  const options = useAsync(ready && answered ? () => ready.filterOptions() : null, [ready, dataVersion, answered]);
  // Once per engine and data version, after the first answer so the first open does not wait for it.
  const warmed = useRef<unknown>(null);
  useEffect(() => {
    if (!ready || !warm || answer.value === null || warmed.current === `${dataVersion}`) return;
    warmed.current = `${dataVersion}`;
    // A build that fails here fails again, with its message, when a query reads the table.
    ready.model.ensure(tablesToWarm(warm)).catch(() => undefined);
  }, [ready, warm, dataVersion, answer.value]);
  return { options, result: { ...answer, value: answer.value?.value ?? null }, ranFor: answer.value?.ranFor ?? null };
}

/**
 * The filters a result was computed for, as the page shows it (data-filters): from|to|unit|person,
 * the person by their pseudonym (`tokenOf`), never their id (an id may be a name). Null while the
 * person has no known pseudonym.
 */
export function filtersKey(f: Filters, tokenOf: (personId: string) => string | null): string | null {
  const person = f.personId === null ? '' : tokenOf(f.personId);
  return person === null ? null : [f.from, f.to, f.unit, person].map((x) => x ?? '').join('|');
}
