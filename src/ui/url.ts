/**
 * Where the user is and how the numbers are cut live in the URL query string, so a view can be
 * bookmarked or shared without carrying any data. Only these keys are ever written.
 */
import type { Filters } from '../analysis/types';

export const VIEWS = ['start', 'import', 'reconcile', 'staffing', 'methods', 'evidence', 'when', 'overTime', 'person', 'whatIf', 'restrictive', 'plan', 'commissioned', 'dataQuality', 'abc'] as const;
export type View = (typeof VIEWS)[number];

export interface Location {
  view: View;
  filters: Filters;
  /** `?sample=1`: load the bundled sample service straight away (npm start opens this). */
  sample: boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoDate(value: string | null): string | null {
  if (!value || !ISO_DATE.test(value)) return null;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : value;
}

function nonEmpty(value: string | null): string | null {
  return value && value.trim() !== '' ? value : null;
}

export function parseLocation(search: string): Location {
  const q = new URLSearchParams(search);
  const view = q.get('view');
  return {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as View) : 'start',
    filters: {
      from: isoDate(q.get('from')),
      to: isoDate(q.get('to')),
      unit: nonEmpty(q.get('unit')),
      personId: nonEmpty(q.get('person')),
    },
    sample: q.get('sample') === '1',
  };
}

export function formatLocation(loc: Location): string {
  const q = new URLSearchParams();
  if (loc.view !== 'start') q.set('view', loc.view);
  if (loc.filters.from) q.set('from', loc.filters.from);
  if (loc.filters.to) q.set('to', loc.filters.to);
  if (loc.filters.unit) q.set('unit', loc.filters.unit);
  if (loc.filters.personId) q.set('person', loc.filters.personId);
  if (loc.sample) q.set('sample', '1');
  const s = q.toString();
  return s ? `?${s}` : '?';
}
