import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const sample = (f: string) => path.join(root, 'sample-data', f);

/** The headless report's command line for the whole sample service, as JSON. */
export const SAMPLE_ARGV = [
  ...['--people', sample('people.csv'), '--incidents', sample('incidents.csv'), '--interventions', sample('restrictive_interventions.csv')],
  ...['--shifts', sample('shifts.csv'), '--requirements', sample('staffing_requirements.csv'), '--plan', sample('plan_delivery.csv')],
  ...['--events', sample('events.csv'), '--json'],
];
