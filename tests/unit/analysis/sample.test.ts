/**
 * The sample service end to end in Node: the generator plants known effects (sample-data/effects.ts,
 * computed with its own implementation of the BRIEF's definitions); the app's 95 % intervals must
 * contain them. Also checks the headless report's JSON keys.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, runCommandLine } from '../../../src/cli/analyze';
import { buildReport } from '../../../src/cli/report';
import type { StaffingResult } from '../../../src/analysis/types';
import { NO_FILTERS } from '../../../src/analysis/types';
import type { ImportReport } from '../../../src/engine';
import fs from 'node:fs';
import os from 'node:os';
import { PLANTED } from '../../../sample-data/effects';
import { parseArgs as generatorArgs } from '../../../sample-data/generate';
import { generate, type Summary } from '../../../sample-data/lib/generator';

const root = path.resolve(__dirname, '../../..');
const sample = (f: string) => path.join(root, 'sample-data', f);
const FILES = [
  { kind: 'people', path: sample('people.csv') },
  { kind: 'requirements', path: sample('staffing_requirements.csv') },
  { kind: 'shifts', path: sample('shifts.csv') },
  { kind: 'incidents', path: sample('incidents.csv') },
  { kind: 'interventions', path: sample('restrictive_interventions.csv') },
] as const;

describe('the sample service', () => {
  let staffing: StaffingResult;
  let imports: ImportReport[];
  beforeAll(async () => {
    ({ staffing, imports } = await analyze({ files: [...FILES], filters: NO_FILTERS, json: true }));
  });

  it('imports every row of every file', () => {
    for (const i of imports) {
      expect(i.error).toBeNull();
      expect(i.read).toBeGreaterThan(0);
      expect(i.accepted).toBe(i.read);
    }
  });

  it('recovers each planted shortfall and agency rate ratio inside its 95 % interval', () => {
    const contains = (e: { lower: number; upper: number } | null, truth: number) => {
      expect(e).not.toBeNull();
      expect(e!.lower).toBeLessThan(truth);
      expect(e!.upper).toBeGreaterThan(truth);
    };
    contains(staffing.rateRatios.shortfall.one, PLANTED.shortfallRateRatio.one);
    contains(staffing.rateRatios.shortfall.twoPlus, PLANTED.shortfallRateRatio.twoPlus);
    contains(staffing.rateRatios.agency.upTo25, PLANTED.agencyRateRatio.upTo25);
    contains(staffing.rateRatios.agency.from25To50, PLANTED.agencyRateRatio.from25To50);
    contains(staffing.rateRatios.agency.over50, PLANTED.agencyRateRatio.over50);
    contains(staffing.restraintGivenIncident.riskRatio, PLANTED.restraint.riskRatioWithShortfall);
    // Poisson data: no over-dispersion planted.
    expect(staffing.model.dispersion!).toBeLessThan(1.2);
  });

  it('accounts for every incident: in exposure or outside it', () => {
    const incidents = imports.find((i) => i.kind === 'incidents')!;
    expect(staffing.exposure.incidents + staffing.exposure.incidentsOutsideExposure).toBe(incidents.accepted);
    const byBand = Object.values(staffing.ratesPer100.shortfall).reduce((t, c) => t + c.incidents, 0);
    expect(byBand).toBeLessThanOrEqual(staffing.exposure.incidents);
  });

  it('writes the documented JSON keys from the command line', async () => {
    // What the command line's main prints, run in this process (tests/unit/cli/commandLine.ts).
    const run = await runCommandLine([...FILES.flatMap((f) => [`--${f.kind}`, f.path]), '--json']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as ReturnType<typeof buildReport>;
    expect(json.rows.incidents).toMatchObject({ read: imports.find((i) => i.kind === 'incidents')!.read });
    expect(Object.keys(json.exposure)).toEqual(expect.arrayContaining(['periods', 'personPeriods', 'incidentsOutsideExposure']));
    for (const band of ['none', 'one', 'twoPlus'] as const) {
      expect(Object.keys(json.ratesPer100.shortfall[band]).sort()).toEqual(['incidents', 'lower', 'personPeriods', 'rate', 'upper']);
    }
    expect(Object.keys(json.ratesPer100.agency).sort()).toEqual(['from25To50', 'none', 'over50', 'upTo25']);
    expect(json.rateRatios.shortfall.twoPlus).toEqual(staffing.rateRatios.shortfall.twoPlus);
    expect(json.rateRatios.agency.over50).not.toBeNull();
    expect(json.dispersion).toBeCloseTo(staffing.model.dispersion!, 12);
    expect(json.excessIncidents).toBeCloseTo(staffing.excessIncidents!.estimate, 9);
    expect(json.restraintGivenIncident.riskRatio).toEqual(staffing.restraintGivenIncident.riskRatio);
  });

  it('agrees exactly with the generator\'s own, independent computation of the bands', () => {
    // The generator computes staff present, shortfall and agency share in TypeScript while it
    // writes the rota; the app computes them in SQL from the files. Same files, same counts.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-sample-'));
    let summary: Summary;
    try {
      summary = generate({ ...generatorArgs([]), outDir: out, quiet: true } as Parameters<typeof generate>[0]);
      expect(fs.readFileSync(path.join(out, 'incidents.csv'), 'utf8')).toBe(fs.readFileSync(sample('incidents.csv'), 'utf8'));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    for (const band of ['none', 'one', 'twoPlus'] as const) {
      expect(staffing.ratesPer100.shortfall[band].personPeriods).toBe(summary.exposure.shortfall[band].personPeriods);
      expect(staffing.ratesPer100.shortfall[band].incidents).toBe(summary.exposure.shortfall[band].incidents);
    }
    for (const band of ['none', 'upTo25', 'from25To50', 'over50'] as const) {
      expect(staffing.ratesPer100.agency[band].personPeriods).toBe(summary.exposure.agency[band].personPeriods);
      expect(staffing.ratesPer100.agency[band].incidents).toBe(summary.exposure.agency[band].incidents);
    }
    expect(staffing.restraintGivenIncident.withShortfall).toMatchObject(summary.restraint.withShortfall);
    expect(staffing.restraintGivenIncident.withoutShortfall).toMatchObject(summary.restraint.withoutShortfall);
  });
});
