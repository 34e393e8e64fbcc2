/**
 * The last few answers of an analysis page, by what they were computed for: a filter change back
 * to a selection the page has just shown (Clear above all, or the unit before) shows that answer
 * again instead of asking the database. Keyed by the Model's freshness token (bumped on every
 * import, alias, settings or key change and "Delete all data": Model.invalidate), the data version,
 * the filters and the page's own controls, so an answer is only reused while everything it was
 * computed from is unchanged; a failed answer is not kept. Answers are the analyses' own objects,
 * never copied or changed. Views only.
 */
import type { Filters } from '../analysis/types';

/** What an answer depends on besides the filters: the Model's token (Engine.model.version). */
export interface AnswerSource {
  model: { version: number };
}

const primitive = (v: unknown) => v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v);

export class KeptAnswers<T> {
  private source: AnswerSource | null = null;
  private readonly answers = new Map<string, Promise<T>>();

  constructor(private readonly size = 4) {}

  /** The kept answer for these inputs, or `run()`'s (kept for next time). */
  get(source: AnswerSource, dataVersion: number, filters: Filters, deps: readonly unknown[], run: () => Promise<T>): Promise<T> {
    // A control whose value is an object or a function cannot be told apart reliably: always asked.
    if (!deps.every(primitive)) return run();
    if (source !== this.source) {
      this.source = source;
      this.answers.clear();
    }
    const key = JSON.stringify([source.model.version, dataVersion, filters.from, filters.to, filters.unit, filters.personId, deps]);
    let found = this.answers.get(key);
    if (found) this.answers.delete(key); // set again below, as the most recent
    else {
      const asked = run();
      asked.catch(() => {
        if (this.answers.get(key) === asked) this.answers.delete(key);
      });
      found = asked;
    }
    this.answers.set(key, found);
    for (const old of [...this.answers.keys()].slice(0, Math.max(0, this.answers.size - this.size))) this.answers.delete(old);
    return found;
  }
}
