import type { Filters } from '../../analysis/types';
import type { FilterOptions } from '../../engine';
import { pseudonymOf, type PersonOption } from '../storage/names';

/** Date range, unit and person: every number on the page is cut by these. */
export function FilterBar(props: { filters: Filters; options: (FilterOptions & { people: PersonOption[] }) | null; onChange: (f: Filters) => void }) {
  const { filters, options, onChange } = props;
  const everyone = options?.people ?? [];
  const people = everyone.filter((p) => !filters.unit || p.unit === filters.unit);
  // The page carries the pseudonym, never the id (an id may be a name): the same token as the URL.
  const chosen = everyone.find((p) => p.personId === filters.personId);
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const active = filters.from || filters.to || filters.unit || filters.personId;
  return (
    // Busy until the choices are in (a page asks for them after its first answer).
    <form className="filters" aria-label="Filters" aria-busy={options === null} onSubmit={(e) => e.preventDefault()}>
      {(['from', 'to'] as const).map((end) => (
        <div className="field" key={end}>
          <label htmlFor={`filter-${end}`}>{end === 'from' ? 'From' : 'To'}</label>
          <input
            id={`filter-${end}`}
            type="date"
            value={filters[end] ?? ''}
            min={options?.minDate ?? undefined}
            max={options?.maxDate ?? undefined}
            onChange={(e) => set({ [end]: e.target.value || null })}
          />
        </div>
      ))}
      <div className="field">
        <label htmlFor="filter-unit">Unit</label>
        <select
          id="filter-unit"
          value={filters.unit ?? ''}
          onChange={(e) => {
            const unit = e.target.value || null;
            const keepPerson = options?.people.some((p) => p.personId === filters.personId && (!unit || p.unit === unit));
            set({ unit, personId: keepPerson ? filters.personId : null });
          }}
        >
          <option value="">All units</option>
          {(options?.units ?? []).map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-person">Person</label>
        <select
          id="filter-person"
          value={chosen ? pseudonymOf(chosen) : ''}
          onChange={(e) => set({ personId: everyone.find((p) => pseudonymOf(p) === e.target.value)?.personId ?? null })}
        >
          <option value="">Everyone</option>
          {people.map((p) => (
            <option key={p.personId} value={pseudonymOf(p)}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {active && (
        <button type="button" className="link-button" onClick={() => onChange({ from: null, to: null, unit: null, personId: null })}>
          Clear filters
        </button>
      )}
    </form>
  );
}
