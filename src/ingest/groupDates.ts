/**
 * The day/month order a person reads from the other dates beside an ambiguous column. Exports of
 * one file (and of one service) write their dates one way: a column whose values settle the order
 * (30/04/2025 can only be day first) settles it for a column no value settles — in the same file
 * when both are written alike (same separator), or in another file imported with it when every
 * file that settles one agrees. The user's answer always stands (callers check it first). Pure.
 */
import type { DateFormat, DateOrder } from './dates';
import type { HeaderDetection, Question } from './headers';
import type { Mapping } from './mapping';

/** A date column whose own values settle the day/month order, with a value that shows it. */
export interface OrderEvidence {
  file: string;
  column: string;
  order: DateOrder;
  /** A value readable only in that order ("30/04/2025"). */
  example: string;
  /** The separator between day and month ("/", "-", "."). */
  separator: string;
}

/** What a file's dates were read by when no value of some column settles the order. */
export interface SettledOrder {
  order: DateOrder;
  note: string;
}

/** What the reader sees of a proposal: enough to find its date columns and their values. */
export interface DatedTable {
  fileName: string;
  mapping: Mapping | null;
  questions: readonly Question[];
  records: readonly string[][];
  header: HeaderDetection | null;
}

const DAY_MONTH = /%-?[dm]([ /\-.])%-?[dm]/;
const NUMERIC_DATE = /^\s*(\d{1,2})([/.-])(\d{1,2})\2\d{2,4}\b/;

const LEFT_OPEN = 'The day/month order is left to you';

/** What the notes of an inspection say of its day/month order: where it was taken from, or who disagrees. */
export const dateOrderNotes = (i: { notes: readonly string[]; dateOrderSettled?: SettledOrder }): string[] =>
  i.notes.filter((n) => n === i.dateOrderSettled?.note || n.startsWith(LEFT_OPEN));

export const orderWords = (o: DateOrder) => (o === 'dmy' ? 'day first (dd/mm)' : 'month first (mm/dd)');

/** The order a numeric day/month format reads in ("%d/%m/%Y" → dmy); none for ISO or month names. */
function orderOf(f: DateFormat | undefined): DateOrder | null {
  if (f?.kind !== 'pattern') return null;
  const orders = new Set(
    f.patterns.flatMap((p) => {
      const d = p.search(/%-?d/);
      const m = p.search(/%-?m/);
      if (d < 0 || m < 0 || p.startsWith('%Y')) return [];
      return [d < m ? ('dmy' as const) : ('mdy' as const)];
    }),
  );
  return orders.size === 1 ? [...orders][0]! : null;
}

const separatorOf = (f: DateFormat | undefined): string | null => (f?.kind === 'pattern' ? (f.patterns.map((p) => DAY_MONTH.exec(p)?.[1]).find((s) => s) ?? null) : null);

/** The order a single value can only be read in, if any ("30/04/2025" → dmy). */
function onlyOrder(value: string): { order: DateOrder; separator: string } | null {
  const m = NUMERIC_DATE.exec(value);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[3])];
  if (a > 12 && a <= 31 && b <= 12) return { order: 'dmy', separator: m[2]! };
  if (b > 12 && b <= 31 && a <= 12) return { order: 'mdy', separator: m[2]! };
  return null;
}

/** Date columns of a table whose own values settle the order (no question was asked of them). */
export function orderEvidence(t: DatedTable): OrderEvidence[] {
  if (!t.mapping || !t.header) return [];
  const header = t.header;
  const asked = new Set(t.questions.flatMap((q) => (q.type === 'dateOrder' ? [q.column] : [])));
  const rows = t.records.slice(header.dataStart);
  const out: OrderEvidence[] = [];
  for (const fm of Object.values(t.mapping.fields)) {
    const s = fm.source;
    const column = s.from === 'column' ? s.column : s.from === 'dateTime' ? s.date : null;
    const order = orderOf(fm.format);
    if (!column || !order || asked.has(column) || out.some((e) => e.column === column)) continue;
    const c = header.headers.indexOf(column);
    for (const r of rows) {
      const only = onlyOrder(r[c] ?? '');
      if (only?.order === order) {
        out.push({ file: t.fileName, column, order, example: (r[c] ?? '').trim().split(/\s+/)[0]!, separator: only.separator });
        break;
      }
    }
  }
  return out;
}

/** The date-order questions of a table, each with its separator. */
function openColumns(t: DatedTable): { column: string; separator: string | null }[] {
  return t.questions.flatMap((q) => (q.type === 'dateOrder' ? [{ column: q.column, separator: separatorOf(q.question.options[0]?.format) }] : []));
}

/**
 * The order a file's own settled columns give its open ones: every open column has a settled
 * column written alike (same separator), and they all say the same order.
 */
export function orderWithinFile(t: DatedTable): SettledOrder | null {
  const open = openColumns(t);
  if (open.length === 0) return null;
  const evidence = orderEvidence(t);
  const by = open.map((o) => evidence.filter((e) => o.separator !== null && e.separator === o.separator));
  if (by.some((e) => e.length === 0)) return null;
  const orders = new Set(by.flat().map((e) => e.order));
  if (orders.size !== 1) return null;
  const first = by[0]![0]!;
  return { order: first.order, note: `Dates read ${orderWords(first.order)}: the day/month order is taken from "${first.column}", whose values include ${first.example}.` };
}

/**
 * For each table with an open date-order question: the order the other tables settle, when all
 * that settle one agree (with a note saying where it came from); or, when they disagree, a note
 * saying which files disagree (the question stays open). Nothing when no other file settles it.
 */
export function orderAcrossFiles(tables: readonly DatedTable[]): Map<string, SettledOrder | { order: null; note: string }> {
  const evidence = tables.flatMap(orderEvidence);
  const out = new Map<string, SettledOrder | { order: null; note: string }>();
  for (const t of tables) {
    if (openColumns(t).length === 0) continue;
    const others = evidence.filter((e) => e.file !== t.fileName);
    if (others.length === 0) continue;
    const orders = new Set(others.map((e) => e.order));
    const cite = (e: OrderEvidence) => `${e.file} ("${e.column}", e.g. ${e.example})`;
    if (orders.size === 1) {
      const e = others[0]!;
      out.set(t.fileName, { order: e.order, note: `Dates read ${orderWords(e.order)}: the day/month order is taken from ${cite(e)}, imported with this file.` });
    } else {
      const byOrder = (o: DateOrder) => [...new Map(others.filter((e) => e.order === o).map((e) => [e.file, e])).values()].map(cite).join(', ');
      out.set(t.fileName, { order: null, note: `${LEFT_OPEN}: files imported with this one disagree — ${byOrder('dmy')} read day first, ${byOrder('mdy')} month first.` });
    }
  }
  return out;
}
