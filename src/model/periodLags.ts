/** Each period's previous period on its unit (by start) and that period's shortfall band: "after a short shift". */
export const PERIOD_LAGS = `
CREATE OR REPLACE TABLE period_lags AS
SELECT p.period_id, lag(b.shortfall_band) OVER (PARTITION BY p.unit_idx ORDER BY p."start") AS previous_band
FROM periods p JOIN period_bands b USING (period_id)`;
