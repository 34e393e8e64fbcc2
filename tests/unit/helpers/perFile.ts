/**
 * Run before every unit test file. Files share a worker (isolate: false), and the app times every
 * statement on the Performance timeline (src/timing.ts), which Node keeps until cleared: cleared
 * after each file, or a worker's heap fills with a whole run's marks and measures.
 */
import { afterAll } from 'vitest';

afterAll(() => {
  performance.clearMarks();
  performance.clearMeasures();
});
