/** Number formatting shared by the views: British English, fixed decimals, a dash for none. */
const DASH = '–';

const intFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : intFormat.format(n);
}

// toLocaleString with options builds a formatter on every call: pages format thousands of table
// cells per filter change, so keep one per number of decimals.
const fixedFormats = new Map<number, Intl.NumberFormat>();
function fixedFormat(digits: number): Intl.NumberFormat {
  let f = fixedFormats.get(digits);
  if (!f) fixedFormats.set(digits, (f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f;
}

export function formatNumber(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return fixedFormat(digits).format(x);
}

export function formatPercent(share: number | null | undefined, digits = 0): string {
  return share === null || share === undefined || !Number.isFinite(share) ? DASH : `${formatNumber(share * 100, digits)}\u00a0%`;
}

/** "a to b": written out so a screen reader does not read a minus sign. */
export function formatInterval(lower: number | null | undefined, upper: number | null | undefined, digits = 1): string {
  if (lower === null || lower === undefined || upper === null || upper === undefined) return DASH;
  return `${formatNumber(lower, digits)} to ${formatNumber(upper, digits)}`;
}
