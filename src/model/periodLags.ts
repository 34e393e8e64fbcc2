/** Each period's previous period on its unit (by start) and that period's shortfall band: "after a short shift". */
import { defineTable } from './table';
export const PERIOD_LAGS = defineTable({
  name: 'period_lags',
  reads: ['periods', 'period_bands'],
  doc: 'Per period: the staffing bands of the periods before it (lagged shortfall).',
  sql: `
SELECT p.period_id, lag(b.shortfall_band) OVER (PARTITION BY p.unit_idx ORDER BY p."start") AS previous_band
FROM periods p JOIN period_bands b USING (period_id)`,
});
