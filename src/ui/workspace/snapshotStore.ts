/**
 * The plumbing React's useSyncExternalStore needs: one immutable snapshot, replaced (never
 * changed) on every update, and listeners told after each.
 */
export class SnapshotStore<S> {
  private readonly listeners = new Set<() => void>();

  constructor(
    private snapshot: S,
    /** Fields that follow from the others, worked out on every update. */
    private readonly derive: (s: S) => S = (s) => s,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): S => this.snapshot;

  protected get state(): S {
    return this.snapshot;
  }

  protected set(patch: Partial<S>): void {
    this.snapshot = this.derive({ ...this.snapshot, ...patch });
    for (const listener of this.listeners) listener();
  }
}
