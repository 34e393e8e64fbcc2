/** Every view and analysis is cut by these; kept in the URL, never the data. */
export interface Filters {
  /** Inclusive ISO dates (YYYY-MM-DD); null = open. */
  from: string | null;
  to: string | null;
  unit: string | null;
  personId: string | null;
}
export const NO_FILTERS: Filters = { from: null, to: null, unit: null, personId: null };
