import { useEffect, useState } from 'react';
import { errorText } from './useWorkspace';

export interface AsyncState<T> {
  value: T | null;
  loading: boolean;
  error: string | null;
}

/** Run a query when its inputs change; a stale answer never overwrites a newer one. */
export function useAsync<T>(run: (() => Promise<T>) | null, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ value: null, loading: false, error: null });
  useEffect(() => {
    if (!run) {
      setState({ value: null, loading: false, error: null });
      return;
    }
    let current = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    run().then(
      (value) => current && setState({ value, loading: false, error: null }),
      (e: unknown) => current && setState((s) => ({ ...s, loading: false, error: errorText(e) })),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
