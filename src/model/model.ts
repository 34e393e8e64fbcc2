/**
 * The Model: the one owner of the derived tables of a database (model/catalog.ts).
 *
 * - Freshness: one token, bumped (`invalidate`) by the engine on every import, alias change,
 *   settings change and "Delete all data". A table is fresh when it was built at the current
 *   token; asking for a stale one rebuilds it and, first, whatever it reads (its `reads`,
 *   transitively). No catalog queries, no build markers in the database.
 * - One build at a time, shared: builds write shared tables, so they run one after another; a
 *   page asking while another page's build runs waits for it and finds its tables fresh.
 * - `query(q)` builds the tables `q` reads (marked with `table()`) when stale, then runs it:
 *   an analysis cannot read a stale exposure, whoever calls it.
 * - `filters(f)`: the unit and person of the filters as the integer keys the tables carry.
 *
 * Analyses receive the Model, never a Connector.
 */
import type { Connector } from '../db/connector';
import { named, runQuery, sql, withoutExcerpt, type Sql } from '../db/sql';
import { buildOrder, CATALOG_BY_NAME, inputsOf } from './catalog';
import { EXPOSURE_TABLES, exposureSummary, type ExposureSummary } from './exposure';
import { KeyedFilters, type FilterKeys, type Filters } from './filters';
import { ensureReconciled } from './reconcile';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { SlicedBuild } from './slicedBuild';
import { createStatement, type BuildContext, type ModelTable } from './table';
import { measureSince, timed } from '../timing';

export interface ModelOptions {
  /** The settings of each build (read when a build starts). */
  settings?: Settings | (() => Settings);
  /** Key for stable pseudonyms (person_spans.label); read when a build starts (the sample has its own: Engine.useSampleKey). */
  pseudonymKey?: string | (() => string);
  /** The engine spills to disk (Connector.spillsToDisk); read by a table that has a shape for each. */
  spillsToDisk?: boolean;
  /** Told, before tables are ensured, what that reads from the database (inputsOf): a background restore fills those first. */
  willRead?: (tables: readonly string[]) => void;
  /** Told after a build made tables (the engine keeps the pages' tables once built: Engine.snapshotPart). */
  built?: () => void;
  /** Where a build in the background runs its statements (buildInBackground): not counted as the pages' (the engine's Foreground). */
  backgroundDb?: Connector;
}

export class Model {
  /** How many tables this Model has built (for tests: a shared build counts once). */
  tablesBuilt = 0;
  /** Sees every statement `query` runs (scripts/model-catalog.ts records which tables each named query reads). */
  onQuery: ((statement: Sql) => void) | null = null;
  private token = 0;
  /** The token each table was last built at. */
  private readonly builtAt = new Map<string, number>();
  private reconciledAt = -1;
  private queue: Promise<unknown> = Promise.resolve();
  private keys: { token: number; units: Map<string, number>; people: Map<string, number> } | null = null;
  /** Sliced builds under way (model/slicedBuild.ts), by table: a page's build goes on from where the background left off. */
  private readonly sliced = new Map<string, SlicedBuild>();

  constructor(
    private readonly db: Connector,
    private readonly options: ModelOptions = {},
  ) {}

  /** The freshness token: changes whenever the data, aliases or settings change. */
  get version(): number {
    return this.token;
  }

  /** The data, aliases or settings changed: every table is stale. */
  invalidate(): void {
    this.token++;
  }

  private get settings(): Settings {
    const s = this.options.settings;
    return typeof s === 'function' ? s() : (s ?? DEFAULT_SETTINGS);
  }

  private isFresh(name: string): boolean {
    return this.builtAt.get(name) === this.token;
  }

  /** The catalog tables fresh now: what a snapshot may carry as built (engine.snapshot). */
  freshTables(): string[] {
    return [...this.builtAt.keys()].filter((name) => name !== 'r_views' && this.isFresh(name));
  }

  /**
   * These tables were read back from a snapshot in which they were fresh (engine.restore): fresh
   * now too, with the reconciled views the snapshot also holds, without a build.
   */
  adopt(names: readonly string[]): void {
    for (const name of names) if (CATALOG_BY_NAME.has(name)) this.builtAt.set(name, this.token);
    this.builtAt.set('r_views', this.token);
    // The alias tables and reconciled views are in the snapshot too: making them again would name
    // every imported table (ensureSchema), and a build would wait for all of a background restore.
    this.reconciledAt = this.token;
  }

  /** These tables are no longer as built (a kept copy turned out damaged and was dropped): the next read builds them. */
  forget(names: readonly string[]): void {
    for (const name of names) this.builtAt.delete(name);
  }

  /** Build these tables (and what they read) unless fresh. */
  async ensure(names: readonly string[]): Promise<void> {
    this.options.willRead?.(inputsOf(names, (t) => this.isFresh(t)));
    const wanted = buildOrder(names);
    while (!wanted.every((t) => this.isFresh(t.name))) {
      const run = this.queue.then(() => this.buildStale(wanted));
      this.queue = run.catch(() => undefined);
      await run;
    }
  }

  private async buildStale(wanted: ReturnType<typeof buildOrder>): Promise<void> {
    const at = this.token;
    await this.dropGivenUp(this.db);
    if (wanted.every((t) => this.builtAt.get(t.name) === at)) return; // built while this one waited
    const ctx = await this.buildContext(at);
    let made = 0;
    try {
      for (const t of wanted) {
        if (this.builtAt.get(t.name) === at) continue;
        let partial = this.sliced.get(t.name);
        if (partial?.at === at && partial.wholeIsCheaper) {
          // Begun in the background but still in its shared tables: they go, and the table is built whole below.
          this.sliced.delete(t.name);
          await this.db.exec(SlicedBuild.dropStatement([t]));
          partial = undefined;
        }
        if (partial?.at === at) {
          // Begun in the background: the slices left, at once, each stage's as one statement.
          try {
            while (!(await partial.step(this.db, true)));
          } catch (e) {
            // A failed finish leaves no half-made tables (about a million rows at W-L): the next ask builds the table whole.
            this.sliced.delete(t.name);
            await this.db.exec(SlicedBuild.dropStatement([t])).catch(() => undefined);
            throw e;
          }
          this.sliced.delete(t.name);
        } else {
          this.builtAt.delete(t.name);
          await timed(`model.${t.name}`, () => runQuery(this.db, createStatement(t, ctx)));
        }
        this.builtAt.set(t.name, at);
        this.tablesBuilt++;
        made++;
      }
    } finally {
      if (made > 0) this.options.built?.();
    }
  }

  /** What a build at token `at` reads besides the data, after making the reconciled views if that token has not. */
  private async buildContext(at: number): Promise<BuildContext> {
    // The reconciled views (r_shifts, …) the exposure reads: made again after a change ("Delete all data" drops them).
    if (this.reconciledAt !== at) {
      await ensureReconciled(this.db);
      this.reconciledAt = at;
    }
    const key = this.options.pseudonymKey;
    return { settings: this.settings, pseudonymKey: typeof key === 'function' ? key() : (key ?? ''), spillsToDisk: this.options.spillsToDisk === true };
  }

  /**
   * Build these tables (and what they read) in the background, one short statement at a time:
   * each waits for `giveWay` (the pages' statements first), and a sliced table (ModelTable.slices)
   * is built slice by slice, so a page's statement waits at most for one slice. A page that asks
   * for a table meanwhile builds what is left of it at once (buildStale). Returns when every table
   * is fresh, or the data changed, or a statement failed (the page's own ask then says why).
   */
  async buildInBackground(names: readonly string[], giveWay: () => Promise<void>, mayRun: () => boolean = () => true): Promise<void> {
    const at = this.token;
    for (const t of buildOrder(names)) {
      const began = performance.now();
      while (this.token === at && !this.isFresh(t.name)) {
        await giveWay();
        if (this.token !== at) return;
        // Asked again when its turn in the queue comes: what it gives way to may have begun meanwhile.
        const run = this.queue.then(() => (mayRun() ? this.backgroundStep(t, at) : false));
        this.queue = run.catch(() => false);
        try {
          // Finished here, not by a page: on the timeline (the bench reports what the background had done).
          if (await run) measureSince(`background built ${t.name}`, began);
        } catch {
          await this.giveUpSliced(t);
          return;
        }
      }
    }
  }

  /** A background build that failed: its half-made tables go at once (a page's ask builds the table whole, and says why if it fails too). */
  private async giveUpSliced(t: ModelTable): Promise<void> {
    if (!this.sliced.has(t.name)) return;
    this.sliced.delete(t.name);
    const db = this.options.backgroundDb ?? this.db;
    const drop = this.queue.then(() => db.exec(SlicedBuild.dropStatement([t])));
    this.queue = drop.catch(() => false);
    await drop.catch(() => undefined);
  }

  /** Sliced builds begun before the data changed are given up: their tables go (a snapshot never carries them, but they hold memory). */
  private async dropGivenUp(db: Connector): Promise<void> {
    const stale = [...this.sliced.values()].filter((b) => b.at !== this.token);
    if (stale.length === 0) return;
    for (const b of stale) this.sliced.delete(b.table.name);
    await db.exec(SlicedBuild.dropStatement(stale.map((b) => b.table)));
  }

  /** One statement of `t`'s build in the background (the whole table unless it has slices); true when it finished the table. */
  private async backgroundStep(t: ModelTable, at: number): Promise<boolean> {
    const db = this.options.backgroundDb ?? this.db;
    await this.dropGivenUp(db);
    if (this.token !== at || this.isFresh(t.name)) return false;
    const ctx = await this.buildContext(at);
    if (t.slices && (t.slices.when?.(ctx) ?? true)) {
      let partial = this.sliced.get(t.name);
      if (partial?.at !== at) this.sliced.set(t.name, (partial = new SlicedBuild(t, at, ctx)));
      if (!(await partial.step(db))) return false;
      this.sliced.delete(t.name);
    } else {
      this.builtAt.delete(t.name);
      await timed(`model.${t.name}`, () => runQuery(db, createStatement(t, ctx)));
    }
    this.builtAt.set(t.name, at);
    this.tablesBuilt++;
    this.options.built?.();
    return true;
  }

  /** Run a statement after building the model tables it reads (those marked with `table()`). */
  async query<T>(statement: Sql): Promise<T[]> {
    await this.ensure(statement.tables);
    this.onQuery?.(statement);
    // The values written in (Sql.inlined): one plan and one trip to the database worker, not two and three.
    const sent = statement.inlined;
    // Timings on the performance timeline under the query's name (src/timing.ts).
    const run = () => runQuery<T>(this.db, sent).catch((e: unknown) => Promise.reject(withoutExcerpt(e)));
    return statement.name ? timed(statement.name, run) : run();
  }

  /** Rebuild every exposure table now (after a change) and count what it holds. */
  async rebuild(): Promise<ExposureSummary> {
    this.invalidate();
    return this.exposure();
  }

  /** The exposure tables, built if stale, and what they hold. */
  async exposure(): Promise<ExposureSummary> {
    await this.ensure(EXPOSURE_TABLES.map((t) => t.name));
    return exposureSummary(this.db);
  }

  /** The filters with the unit and person as their integer keys (read once per build). */
  async filters(f: Filters): Promise<KeyedFilters> {
    if (!f.unit && !f.personId) return new KeyedFilters(f, { unitIdx: null, personIdx: null });
    let known = this.keys;
    if (known?.token !== this.token || !this.isFresh('units') || !this.isFresh('person_spans')) {
      await this.ensure(['units', 'person_spans']);
      const token = this.token;
      const [units, people] = await Promise.all([
        runQuery<{ k: string; v: number }>(this.db, named('model.unitKeys', sql`SELECT unit AS k, unit_idx AS v FROM units`)),
        runQuery<{ k: string; v: number }>(this.db, named('model.personKeys', sql`SELECT person_id AS k, person_idx AS v FROM person_spans`)),
      ]);
      known = this.keys = { token, units: new Map(units.map((r) => [r.k, r.v])), people: new Map(people.map((r) => [r.k, r.v])) };
    }
    const keys: FilterKeys = {
      unitIdx: f.unit ? (known.units.get(f.unit) ?? null) : null,
      personIdx: f.personId ? (known.people.get(f.personId) ?? null) : null,
    };
    return new KeyedFilters(f, keys);
  }

}
