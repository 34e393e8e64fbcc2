/**
 * The step after an import: "Check names" — the same unit or person written differently in
 * different files ("Oak" in the rota, "Oak Ward" in incidents) is matched on its own page (view
 * 'reconcile'). The import report offers it as the next step when the files imported can disagree.
 */
import type { ImportEntry } from '../useWorkspace';

export const CHECK_NAMES_STEP = 'Check names';

/** Names can disagree once two imported files (or more) name units or people. */
export function namesToCheck(imports: ImportEntry[]): boolean {
  const kinds = new Set(imports.filter((e) => (e.report?.accepted ?? 0) > 0).map((e) => e.report!.kind));
  return kinds.size > 1;
}

export function CheckNamesCallout({ onCheckNames }: { onCheckNames: () => void }) {
  return (
    <section className="card next-step" aria-labelledby="next-step-title" data-testid="check-names-callout">
      <h2 id="next-step-title">Next: check names across files</h2>
      <p>
        Files from different systems often write the same unit, person or staff member differently (“Oak” in the rota, “Oak Ward” in
        incidents). Until they are matched, incidents and staffing do not meet and the numbers leave them out.
      </p>
      <button type="button" className="primary" onClick={onCheckNames} data-testid="check-names">
        Check names
      </button>
    </section>
  );
}
