/**
 * The filter bar's choices (units, people, date range) read once per engine and data version and
 * shared: the app's people index, every page's filter bar and the export pseudonymiser all ask
 * for them when a page opens. A new data version (import, clear, name matches, restore) is a new
 * answer. Asked while a data action is under way (a page opens as soon as the sample's rows are
 * in, before the model is built), the answer waits for the action and is the new version's.
 */
import type { Engine, FilterOptions } from '../../engine';

export class FilterOptionsCache {
  private entry: { engine: Engine; version: number; options: Promise<FilterOptions> } | null = null;

  constructor(
    private readonly version: () => number,
    /** The data action under way, if any (its end may change the data version). */
    private readonly underWay: () => Promise<unknown> | null,
  ) {}

  /** The engine's filterOptions for the current data version; a failed read is not kept. */
  get(engine: Engine): Promise<FilterOptions> {
    const action = this.underWay();
    if (action) {
      const after = () => this.get(engine);
      return action.then(after, after);
    }
    const version = this.version();
    const held = this.entry;
    if (held && held.engine === engine && held.version === version) return held.options;
    const entry = { engine, version, options: engine.filterOptions() };
    this.entry = entry;
    entry.options.catch(() => {
      if (this.entry === entry) this.entry = null;
    });
    return entry.options;
  }

  /** The engine as the views see it: the same object, its filterOptions answered from this cache. */
  wrap(engine: Engine): Engine {
    const get = (target: Engine) => this.get(target);
    return new Proxy(engine, {
      get(target, prop, receiver) {
        return prop === 'filterOptions' ? () => get(target) : Reflect.get(target, prop, receiver);
      },
    });
  }
}
