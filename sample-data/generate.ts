/**
 * Sample service generator (deterministic: same options, same bytes).
 *
 *   npx tsx sample-data/generate.ts                     # the committed sample → sample-data/*.csv
 *   npx tsx sample-data/generate.ts --scale 10          # 10× the units and people, same year
 *   npx tsx sample-data/generate.ts --preset large      # 500 people × 5 years → sample-data/large/
 *   options: --out DIR  --seed N  --years Y  --quiet
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, PRESETS, generate, scaledTemplates, type GenerateOptions, type Summary } from './lib/generator';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export function parseArgs(argv: readonly string[]): GenerateOptions & { quiet: boolean } {
  const flags = new Map<string, string>();
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quiet') quiet = true;
    else if (a.startsWith('--') && i + 1 < argv.length) flags.set(a.slice(2), argv[++i]!);
    else throw new Error(`unexpected argument ${a}`);
  }
  for (const k of flags.keys()) {
    if (!['scale', 'out', 'seed', 'years', 'preset'].includes(k)) throw new Error(`unknown option --${k}`);
  }
  const int = (k: string, fallback: number): number => {
    const v = flags.get(k);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${k} must be a positive whole number`);
    return Number(v);
  };
  const preset = flags.get('preset') ?? 'small';
  if (preset !== 'small' && preset !== 'large') throw new Error('--preset is small or large');
  const base = PRESETS[preset];
  const scale = int('scale', 1);
  return {
    outDir: path.resolve(flags.get('out') ?? (preset === 'large' ? path.join(HERE, 'large') : HERE)),
    seed: int('seed', DEFAULT_SEED),
    years: int('years', base.years),
    templates: preset === 'large' ? base.templates.flatMap((t) => Array<typeof t>(scale).fill(t)) : scaledTemplates(scale),
    rateScale: base.rateScale,
    quiet,
  };
}

function report(s: Summary, seconds: number): string {
  const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(1) + ' %' : '–');
  const totalPeriods = Object.values(s.periods.shortfall).reduce((a, b) => a + b, 0);
  const lines = [
    `${s.firstDate} … ${s.lastDate}: ${s.units} units, ${s.people} people, ${seconds.toFixed(1)} s`,
    ...Object.entries(s.rows).map(([f, n]) => `  ${f.padEnd(32)} ${n}`),
    'unit-periods by shortfall band: ' + Object.entries(s.periods.shortfall).map(([b, n]) => `${b} ${pct(n, totalPeriods)}`).join(', '),
    'unit-periods by agency band:    ' + Object.entries(s.periods.agency).map(([b, n]) => `${b} ${pct(n, totalPeriods)}`).join(', '),
    'incidents per 100 person-periods (observed / planted expectation):',
    ...[...Object.entries(s.exposure.shortfall), ...Object.entries(s.exposure.agency)].map(
      ([b, c]) => `  ${b.padEnd(11)} ${String(c.incidents).padStart(7)} / ${String(c.personPeriods).padStart(8)} = ${((100 * c.incidents) / Math.max(1, c.personPeriods)).toFixed(2)}  (expected ${((100 * c.expected) / Math.max(1, c.personPeriods)).toFixed(2)})`,
    ),
    `expected excess from shortfall: ${s.expectedExcessFromShortfall.toFixed(1)} incidents`,
    `restraint | incident: short ${s.restraint.withShortfall.withIntervention}/${s.restraint.withShortfall.incidents}, not short ${s.restraint.withoutShortfall.withIntervention}/${s.restraint.withoutShortfall.incidents}`,
    `plan not delivered: short days ${s.plan.shortDays.notDelivered}/${s.plan.shortDays.planned}, fully staffed days ${s.plan.fullyStaffedDays.notDelivered}/${s.plan.fullyStaffedDays.planned}`,
  ];
  return lines.join('\n');
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const summary = generate(opts);
  if (!opts.quiet) console.log(`wrote ${opts.outDir}\n` + report(summary, (performance.now() - t0) / 1000));
}
