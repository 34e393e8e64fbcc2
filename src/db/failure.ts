/**
 * When the database worker has failed rather than a statement: out of memory, a wasm trap, or a
 * DuckDB that invalidated itself. Kept apart from browser.ts so Node tests can check it.
 */
export type FailureKind = 'memory' | 'crash';

/** The database worker stopped working; the connector that threw it is finished. */
export class DatabaseStopped extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly detail: string,
  ) {
    super(
      kind === 'memory'
        ? 'The in-browser database ran out of memory and had to stop.'
        : 'The in-browser database stopped working unexpectedly.',
    );
    this.name = 'DatabaseStopped';
  }
}

/**
 * Which errors leave the database unusable or starved: DuckDB's own out-of-memory error, the
 * wasm heap failing to grow, a wasm trap, or DuckDB invalidating itself after a fatal error.
 * Ordinary SQL errors (a bad value, a missing table) are not failures. Patterns are anchored at
 * the start, where the error type is, because DuckDB quotes values from the data further on.
 */
export function failureOf(error: { name?: string; message?: string }): FailureKind | null {
  const name = error.name ?? '';
  const message = error.message ?? '';
  if (/^Out of Memory Error|^Aborted\(OOM\)|^(WebAssembly\.Memory\.grow|Array buffer allocation failed|Cannot enlarge memory)|^std::bad_alloc/i.test(message)) {
    return 'memory';
  }
  if (name === 'RuntimeError' || /^(RuntimeError: )?(memory access out of bounds|unreachable|Aborted\()/.test(message)) return 'crash';
  if (/^FATAL Error|^[A-Za-z ]{0,40}Error: [^'"]{0,80}database has been invalidated/.test(message)) return 'crash';
  return null;
}
