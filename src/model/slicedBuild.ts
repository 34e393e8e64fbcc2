/**
 * A sliced table's build (model/table.ts `Slices`) as a series of short statements: the tables
 * the slices share (Slices.prepare), each whole or slice by slice; then the table's slices into a
 * staging table (`staging_<table>`; a snapshot never carries a staging table: db/snapshot.ts
 * STAGING_PREFIX); then the staging table renamed and the shared ones dropped. The Model runs
 * the statements one by one: a build in the background gives way to the pages between any two,
 * and a page that asks for the table meanwhile runs the ones left at once.
 */
import type { Connector } from '../db/connector';
import { STAGING_PREFIX } from '../db/snapshot';
import { named, raw, runQuery, sql, type Sql } from '../db/sql';
import type { BuildContext, ModelTable, SliceHelper, SliceRange } from './table';
import { timed } from '../timing';

export class SlicedBuild {
  /** The tables to make, in order: the shared ones, then the table's own staging table. */
  private readonly stages: SliceHelper[];
  private stage = 0;
  /** The current stage's slices (once its bounds are read) and the next one to make. */
  private ranges: SliceRange[] | null = null;
  private next = 0;

  /** `at`: the Model's freshness token the build started at (a change of data ends it). */
  constructor(
    readonly table: ModelTable,
    readonly at: number,
    private readonly ctx: BuildContext,
  ) {
    const slices = table.slices;
    if (!slices) throw new Error(`${table.name} is not built in slices.`);
    for (const h of slices.prepare ?? []) {
      if (!h.name.startsWith(STAGING_PREFIX)) throw new Error(`${h.name}: a table the slices share must be named ${STAGING_PREFIX}… (a snapshot never carries it).`);
    }
    this.stages = [...(slices.prepare ?? []), { name: `${STAGING_PREFIX}${table.name}`, bounds: slices.bounds, slice: slices.slice }];
  }

  /**
   * Cheaper to drop what this build made and build the table in one statement than to finish it:
   * the table says so (Slices.wholeBeforeLastStage) and its shared tables are still being made.
   */
  get wholeIsCheaper(): boolean {
    return this.table.slices?.wholeBeforeLastStage === true && this.stage < this.stages.length - 1;
  }

  /** The tables a sliced build of `table` makes on the way (dropped when it ends, or when it is given up). */
  static tablesOf(table: ModelTable): string[] {
    return table.slices ? [...(table.slices.prepare ?? []).map((h) => h.name), `${STAGING_PREFIX}${table.name}`] : [];
  }

  /** The statement dropping what sliced builds of `tables` made on the way. */
  static dropStatement(tables: readonly ModelTable[]): string {
    return tables.flatMap((t) => SlicedBuild.tablesOf(t)).map((name) => `DROP TABLE IF EXISTS ${name}`).join(';\n');
  }

  /**
   * Run the build's next statement; true once the table is whole under its own name. With `rest`
   * (a page waits for the table), the current stage's slices left are one statement: its ranges
   * tile the keys, so the rows are the same and, each slice's SELECT being ordered, so is their order.
   */
  async step(db: Connector, rest = false): Promise<boolean> {
    const name = this.table.name;
    const stage = this.stages[this.stage];
    if (!stage) {
      const helpers = this.stages.slice(0, -1).map((h) => `DROP TABLE IF EXISTS ${h.name}`);
      await db.exec([`DROP TABLE IF EXISTS ${name}`, `ALTER TABLE ${STAGING_PREFIX}${name} RENAME TO ${name}`, ...helpers].join(';\n'));
      return true;
    }
    if ('select' in stage) {
      await this.run(db, sql`CREATE OR REPLACE TABLE ${raw(stage.name)} AS ${stage.select(this.ctx)}`);
      this.stage++;
      return false;
    }
    if (!this.ranges) {
      const rows = await runQuery<{ lo: number; hi: number }>(db, named(`model.${name}.bounds`, stage.bounds(this.ctx)));
      // No keys at all: one empty range, which still takes the rows with no key (and makes the table's columns).
      const ranges = rows.length > 0 ? rows.map((r) => ({ lo: Number(r.lo), hi: Number(r.hi), last: false })) : [{ lo: 0, hi: 0, last: false }];
      ranges[ranges.length - 1]!.last = true;
      this.ranges = ranges;
      this.next = 0;
      return false;
    }
    const first = this.ranges[this.next]!;
    const range = rest ? { lo: first.lo, hi: this.ranges[this.ranges.length - 1]!.hi, last: true } : first;
    const rows = stage.slice(this.ctx, range);
    await this.run(db, this.next === 0 ? sql`CREATE OR REPLACE TABLE ${raw(stage.name)} AS ${rows}` : sql`INSERT INTO ${raw(stage.name)} ${rows}`);
    this.next = rest ? this.ranges.length : this.next + 1;
    if (this.next === this.ranges.length) {
      this.ranges = null;
      this.stage++;
    }
    return false;
  }

  /** One statement, on the timeline as `model.<table> slice` (a build: the bench and the tests count them as one). */
  private run(db: Connector, statement: Sql): Promise<unknown> {
    const name = this.table.name;
    return timed(`model.${name} slice`, () => runQuery(db, named(`model.${name}.slice`, statement)));
  }
}
