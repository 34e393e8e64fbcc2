import { SUPPRESSED_CELL, SUPPRESSED_SAID, SUPPRESSED_TEXT, ROUND_TO } from '../../report/suppression';

/** A table cell's text; a suppressed value reads "*" with its meaning on hover and for screen readers. */
export function ShownCell({ text }: { text: string }) {
  if (text !== SUPPRESSED_CELL) return <>{text}</>;
  return (
    <abbr title={`${SUPPRESSED_TEXT}: suppressed`} aria-label={SUPPRESSED_SAID}>
      {SUPPRESSED_CELL}
    </abbr>
  );
}

/** The key under a table when small numbers are suppressed. */
export function SuppressionKey({ on }: { on: boolean }) {
  if (!on) return null;
  return (
    <p className="note suppression-key">
      {SUPPRESSED_CELL} {SUPPRESSED_TEXT}. Other counts rounded to the nearest {ROUND_TO}; percentages and rates worked out from the rounded counts.
    </p>
  );
}
