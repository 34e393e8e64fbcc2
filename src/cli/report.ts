/** The headless report's JSON document (keys documented in the README) and its text form. */
import type { ImportReport } from '../engine';
import type { StaffingResult } from '../analysis/types';
import { fmt } from '../analysis/sentences';
import type { MappingSource } from './mappings';

/** Each file's report, followed by the restrictive interventions unpivoted from it (their own counts). */
function flatten(imports: ImportReport[]): (ImportReport & { unpivotedFrom?: string })[] {
  return imports.flatMap((i) => (i.interventions ? [i, { ...i.interventions, unpivotedFrom: i.fileName }] : [i]));
}

export function buildReport(
  imports: ImportReport[],
  s: StaffingResult,
  analyses: Record<string, unknown> = {},
  mappingSources: Record<string, MappingSource> = {},
) {
  const all = flatten(imports);
  const rows: Record<string, { read: number; accepted: number; rejected: number; duplicates: number }> = {};
  for (const i of all) {
    const r = (rows[i.kind] ??= { read: 0, accepted: 0, rejected: 0, duplicates: 0 });
    r.read += i.read;
    r.accepted += i.accepted;
    r.rejected += i.rejected;
    r.duplicates += i.duplicates;
  }
  return {
    generatedBy: 'PBS Lens headless report',
    filters: s.filters,
    rows,
    files: all.map((i) => ({
      file: i.fileName,
      kind: i.kind,
      read: i.read,
      accepted: i.accepted,
      rejected: i.rejected,
      duplicates: i.duplicates,
      reasons: i.reasons,
      error: i.error,
      format: i.format ?? null,
      encoding: i.encoding ?? null,
      ...(i.sheet ? { sheet: i.sheet } : {}),
      ...(i.unpivotedFrom
        ? { unpivotedFrom: i.unpivotedFrom }
        : { mappingSource: mappingSources[i.fileName] ?? (i.mapping ? 'given' : 'canonical'), mapping: i.mapping ?? null }),
      notes: i.notes ?? [],
    })),
    exposure: s.exposure,
    ratesPer100: s.ratesPer100,
    rateRatios: s.rateRatios,
    dispersion: s.model.dispersion,
    intervalsWidened: s.model.widened,
    model: s.model,
    excessIncidents: s.excessIncidents?.estimate ?? null,
    excessIncidentsInterval: s.excessIncidents,
    excessLeavesOut: s.excessLeavesOut,
    withoutNobodyWorked: s.withoutNobodyWorked,
    restraintGivenIncident: s.restraintGivenIncident,
    warnings: s.warnings,
    sentences: { headline: s.headline, excess: s.excessSentence, restraint: s.restraintSentence, nobodyWorked: s.nobodyWorkedSentence },
    ...analyses,
  };
}

export function formatText(report: ReturnType<typeof buildReport>, imports: ImportReport[], s: StaffingResult): string {
  const out: string[] = ['PBS Lens — staffing and incidents', ''];
  for (const i of flatten(imports)) {
    out.push(i.error ? `  ${i.fileName}: NOT IMPORTED — ${i.error}` : `  ${i.fileName} (${i.kind}): read ${i.read}, accepted ${i.accepted}, rejected ${i.rejected}${i.duplicates ? ` (${i.duplicates} duplicates)` : ''}`);
    if (i.mapping && !i.unpivotedFrom) out.push(`      read through a mapping (${i.format ?? 'text'}${i.encoding ? `, ${i.encoding}` : ''}${i.sheet ? `, sheet "${i.sheet}"` : ''}): see files[].mapping in --json`);
    for (const n of i.notes ?? []) out.push(`      note: ${n}`);
    for (const r of i.reasons.slice(0, 5)) out.push(`      ${r.count} × ${r.reason}`);
  }
  out.push('', `Exposure: ${s.exposure.periods} periods, ${s.exposure.personPeriods} person-periods, ${s.exposure.incidents} incidents in exposure, ${s.exposure.incidentsOutsideExposure} outside.`, '');
  const cell = (label: string, c: { incidents: number; personPeriods: number; rate: number | null; lower: number | null; upper: number | null }) =>
    `  ${label.padEnd(14)} ${String(c.incidents).padStart(6)} / ${String(c.personPeriods).padStart(7)}   ${c.rate === null ? '—' : `${fmt(c.rate, 2)} (${fmt(c.lower!, 2)}–${fmt(c.upper!, 2)})`}`;
  out.push('Incidents per 100 person-periods (95 % CI)');
  for (const [b, c] of Object.entries(s.ratesPer100.shortfall)) out.push(cell(`short: ${b}`, c));
  for (const [b, c] of Object.entries(s.ratesPer100.agency)) out.push(cell(`agency: ${b}`, c));
  for (const [b, c] of Object.entries(s.ratesPer100.unfamiliar)) out.push(cell(`unfamil: ${b}`, c));
  out.push('', 'Rate ratios (Poisson model: person, shift, weekday)');
  const rr = (label: string, e: { estimate: number; lower: number; upper: number } | null) =>
    `  ${label.padEnd(20)} ${e ? `${fmt(e.estimate, 2)} (${fmt(e.lower, 2)}–${fmt(e.upper, 2)})` : 'not estimable'}`;
  out.push(rr('shortfall one', s.rateRatios.shortfall.one), rr('shortfall twoPlus', s.rateRatios.shortfall.twoPlus));
  out.push(rr('agency upTo25', s.rateRatios.agency.upTo25), rr('agency from25To50', s.rateRatios.agency.from25To50), rr('agency over50', s.rateRatios.agency.over50));
  out.push(`  dispersion ${report.dispersion === null ? '—' : fmt(report.dispersion, 2)}${s.model.widened ? ' (intervals widened)' : ''}`);
  out.push('', s.headline, s.excessSentence, s.restraintSentence);
  if (s.nobodyWorkedSentence) out.push(s.nobodyWorkedSentence);
  if (s.warnings.length) out.push('', 'Warnings:', ...s.warnings.map((w) => `  - ${w}`));
  return out.join('\n') + '\n';
}
