/**
 * Reconciliation: suggestions on hand-made name lists (expected matches and reasons written by
 * hand), alias rules, and the end-to-end claim on a service written two ways — the messy files,
 * once their names are reconciled, give exactly the numbers of the consistent files (both
 * computed by the engine; nothing here is copied from the code's output).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, parseCommandLine, reconciliationText, type ReconciliationReport } from '../../../src/cli/analyze';
import { buildReport } from '../../../src/cli/report';
import { NO_FILTERS } from '../../../src/analysis/types';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine, type Engine } from '../../../src/engine';
import type { FileKind } from '../../../src/ingest/canonical';
import {
  abbreviationOf,
  AliasesSchema,
  confidentAliases,
  nameWords,
  normaliseAliases,
  planAliases,
  PERSON_SOURCES,
  suggestPeople,
  suggestUnits,
  UNIT_SOURCES,
  unmatchedUnits,
  type PersonOption,
  type PersonReference,
  type Suggestion,
  type UnitName,
} from '../../../src/model/reconcile';
import { INCIDENTS, PEOPLE, service, USER_CHOICES, type ServiceFiles } from '../../fixtures/reconcile/service';

const unit = (name: string, counts: Partial<UnitName['counts']>): UnitName => ({
  name,
  counts: { ...(Object.fromEntries(UNIT_SOURCES.map((s) => [s, 0])) as UnitName['counts']), ...counts },
});
const ref = (r: string, counts: Partial<PersonReference['counts']>): PersonReference => ({
  ref: r,
  counts: { ...(Object.fromEntries(PERSON_SOURCES.map((s) => [s, 0])) as PersonReference['counts']), ...counts },
});
const byRaw = (list: Suggestion[]) => Object.fromEntries(list.map((s) => [s.raw, s]));

describe('unit suggestions', () => {
  const rota = [unit('Oak', { rota: 40 }), unit('Willow', { rota: 30 }), unit('Birch Ward', { rota: 20 }), unit('Birch House', { rota: 20 })];

  it('matches case and spacing, a name plus a generic word, and leaves an ambiguous bare name to the user', () => {
    const s = byRaw(
      suggestUnits([
        ...rota,
        unit('Oak Ward', { incidents: 5 }),
        unit('WILLOW', { incidents: 3 }),
        unit(' willow ', { events: 1 }),
        unit('Birch', { incidents: 2 }),
        unit('OAK', { requirements: 3 }),
        unit('Birch House (ATU)', { requirements: 3 }),
        unit('Elm', { incidents: 1 }),
      ]),
    );
    expect(s['Oak Ward']).toMatchObject({ target: 'Oak', confidence: 'high' });
    expect(s['Oak Ward']!.reason).toContain('generic word “Ward”');
    expect(s['WILLOW']).toMatchObject({ target: 'Willow', confidence: 'high' });
    expect(s[' willow ']).toMatchObject({ target: 'Willow', confidence: 'high' });
    expect(s['WILLOW']!.reason).toMatch(/apart from case, spacing or punctuation/);
    expect(s['OAK']).toMatchObject({ target: 'Oak', confidence: 'high' });
    // The rota has both Birch Ward and Birch House: "Birch" could be either.
    expect(s['Birch']).toMatchObject({ target: null, confidence: null });
    expect(s['Birch']!.candidates.sort()).toEqual(['Birch House', 'Birch Ward']);
    // Dropping the bracketed note settles it before generic words are dropped.
    expect(s['Birch House (ATU)']).toMatchObject({ target: 'Birch House', confidence: 'medium' });
    // No rota unit resembles Elm; rota names are never suggested away.
    for (const name of ['Elm', 'Oak', 'Willow', 'Birch Ward', 'Birch House']) expect(s[name]).toBeUndefined();
  });

  it('prefers the rota spelling as the target, whichever file is bigger', () => {
    const s = byRaw(suggestUnits([unit('Oak House', { rota: 2 }), unit('Oak', { incidents: 500, people: 4 })]));
    expect(s['Oak']).toMatchObject({ target: 'Oak House', confidence: 'high' });
  });

  it('without the rota, merges onto the bare name, and only medium when neither name is bare', () => {
    expect(byRaw(suggestUnits([unit('Oak Ward', { incidents: 9 }), unit('Oak', { people: 1 })]))['Oak Ward']).toMatchObject({
      target: 'Oak',
      confidence: 'high',
    });
    const two = suggestUnits([unit('Oak Ward', { incidents: 9 }), unit('Oak House', { people: 1 })]);
    expect(two).toHaveLength(1);
    expect(two[0]).toMatchObject({ raw: 'Oak House', target: 'Oak Ward', confidence: 'medium' });
  });

  it('never strips a unit down to a number: Ward 1 and Unit 1 stay apart', () => {
    expect(suggestUnits([unit('Ward 1', { rota: 1 }), unit('Unit 1', { incidents: 1 })])).toEqual([]);
  });

  it('reads initials and shortenings of exactly one rota unit, also through a matched spelling', () => {
    const s = byRaw(suggestUnits([...rota, unit('Oak Ward', { incidents: 1 }), unit('OW', { events: 1 }), unit('Wil', { incidents: 1 }), unit('Bi', { incidents: 1 }), unit('W', { incidents: 1 })]));
    expect(s['OW']).toMatchObject({ target: 'Oak', confidence: 'medium' });
    expect(s['OW']!.reason).toBe('“OW” looks like the initials of “Oak Ward” (that is, “Oak”), and of no other unit.');
    expect(s['Wil']).toMatchObject({ target: 'Willow', confidence: 'medium' });
    expect(s['Bi']).toMatchObject({ target: null, confidence: null }); // Birch Ward or Birch House
    expect(s['W']).toBeUndefined(); // one letter is no abbreviation
  });

  it('abbreviationOf: initials with or without dots, word prefixes, never the name itself', () => {
    expect(abbreviationOf('O.W.', 'Oak Ward')).toBe('the initials of');
    expect(abbreviationOf('SJ', "St John's")).toBe('the initials of');
    expect(abbreviationOf('St Jo', "St John's")).toBe('a shortening of');
    expect(abbreviationOf('Oak Ward', 'Oak Ward')).toBeNull();
    expect(abbreviationOf('Ok', 'Willow')).toBeNull();
  });
});

describe('person suggestions', () => {
  const persons: PersonOption[] = PEOPLE.map((p) => ({ personId: p.id, name: p.name, unit: p.unit }));

  it('reads names in any case, with or without accents, surname first, and ids in another spelling', () => {
    expect(nameWords('HARTLEY, Zoë').words).toEqual(['zoe', 'hartley']);
    expect(nameWords('Mrs Zoe  Hartley').words).toEqual(['zoe', 'hartley']);
    const s = byRaw(
      suggestPeople(
        [
          ref('P1', { peopleId: 1, incidents: 4 }),
          ref('Zoë Hartley', { peopleName: 1, incidents: 3 }),
          ref('HARTLEY, Zoe', { incidents: 2 }),
          ref('zoe hartley', { planDelivery: 2 }),
          ref('p4', { incidents: 1 }),
          ref('p-2', { events: 1 }),
          ref('P02', { events: 1 }),
        ],
        persons,
      ),
    );
    expect(s['P1']).toBeUndefined(); // already a person id
    expect(s['Zoë Hartley']).toMatchObject({ target: 'P1', confidence: 'high' });
    expect(s['HARTLEY, Zoe']).toMatchObject({ target: 'P1', confidence: 'high' });
    expect(s['HARTLEY, Zoe']!.reason).toContain('written surname first');
    expect(s['zoe hartley']).toMatchObject({ target: 'P1', confidence: 'high' });
    expect(s['p4']).toMatchObject({ target: 'P4', confidence: 'high' });
    expect(s['p-2']).toMatchObject({ target: 'P2', confidence: 'high' });
    expect(s['P02']).toMatchObject({ target: 'P2', confidence: 'medium' }); // leading zero
  });

  it('offers initials as medium or low, and never picks between two people who fit equally', () => {
    const s = byRaw(
      suggestPeople(
        [ref('Z. Hartley', { incidents: 1 }), ref('S Jones', { incidents: 1 }), ref('ZH', { events: 1 }), ref('Alex Smith', { incidents: 2 }), ref('A. Smith', { incidents: 1 })],
        persons,
      ),
    );
    expect(s['Z. Hartley']).toMatchObject({ target: 'P1', confidence: 'medium' });
    expect(s['S Jones']).toMatchObject({ target: 'P2', confidence: 'medium' });
    expect(s['ZH']).toMatchObject({ target: 'P1', confidence: 'low' });
    // P3 and P4 are both Alex Smith.
    expect(s['Alex Smith']).toMatchObject({ target: null, confidence: null, candidates: ['P3', 'P4'] });
    expect(s['A. Smith']).toMatchObject({ target: null, confidence: null, candidates: ['P3', 'P4'] });
  });

  it('lowers the confidence when a weaker match to someone else exists', () => {
    const s = suggestPeople([ref('Jo Hart', { incidents: 1 })], [
      { personId: 'A', name: 'Jo Hart', unit: 'Oak' },
      { personId: 'B', name: 'Jo Ann Hart', unit: 'Oak' },
    ]);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ target: 'A', confidence: 'medium' });
    expect(s[0]!.reason).toContain('also resembles “B”');
  });

  it('merges references that match no one in the people file but each other', () => {
    const s = byRaw(suggestPeople([ref('LEE, Kim', { incidents: 5 }), ref('Kim Lee', { planDelivery: 2 }), ref('Kim Leigh', { events: 1 })], persons));
    expect(s['Kim Lee']).toMatchObject({ target: 'LEE, Kim', confidence: 'high' });
    expect(s['LEE, Kim']).toBeUndefined();
    expect(s['Kim Leigh']).toBeUndefined();
  });

  it('confidentAliases takes only high-confidence suggestions with a target', () => {
    const a = confidentAliases(
      [
        { raw: 'Oak Ward', target: 'Oak', candidates: ['Oak'], confidence: 'high', reason: '' },
        { raw: 'Wil', target: 'Willow', candidates: ['Willow'], confidence: 'medium', reason: '' },
        { raw: 'Birch', target: null, candidates: ['Birch Ward', 'Birch House'], confidence: null, reason: '' },
      ],
      [
        { raw: 'Zoë Hartley', target: 'P1', candidates: ['P1'], confidence: 'high', reason: '' },
        { raw: 'ZH', target: 'P1', candidates: ['P1'], confidence: 'low', reason: '' },
      ],
    );
    expect(a).toEqual({ units: [{ raw: 'Oak Ward', unit: 'Oak' }], people: [{ raw: 'Zoë Hartley', personId: 'P1' }], staff: [] });
  });
});

describe('aliases', () => {
  it('round-trip through JSON and the schema', () => {
    const a = { units: [{ raw: 'Oak Ward', unit: 'Oak' }], people: [{ raw: 'Zoë Hartley', personId: 'P1' }] };
    expect(AliasesSchema.parse(JSON.parse(JSON.stringify(a)))).toEqual({ ...a, staff: [] }); // a file from before staff aliases still reads
    expect(AliasesSchema.parse({})).toEqual({ units: [], people: [], staff: [] });
    expect(() => AliasesSchema.parse({ units: [{ raw: '', unit: 'Oak' }] })).toThrow();
  });

  it('follow chains, drop self-aliases, and refuse two meanings or a circle', () => {
    expect(
      normaliseAliases({
        units: [
          { raw: 'OW', unit: 'Oak Ward' },
          { raw: 'Oak Ward', unit: 'Oak' },
          { raw: 'Oak', unit: 'Oak' },
        ],
      }),
    ).toEqual({ units: [{ raw: 'OW', unit: 'Oak' }, { raw: 'Oak Ward', unit: 'Oak' }], people: [], staff: [] }); // code-point order
    expect(() => normaliseAliases({ units: [{ raw: 'A', unit: 'B' }, { raw: 'A', unit: 'C' }] })).toThrow(/both/);
    expect(() => normaliseAliases({ units: [{ raw: 'A', unit: 'B' }, { raw: 'B', unit: 'A' }] })).toThrow(/circle/);
  });
});

async function engineWith(files: ServiceFiles): Promise<Engine> {
  const engine = createEngine(await openNodeDatabase(), { pseudonymKey: 'test-key' });
  const order: [FileKind, keyof ServiceFiles][] = [
    ['people', 'people'],
    ['requirements', 'requirements'],
    ['shifts', 'shifts'],
    ['incidents', 'incidents'],
    ['planDelivery', 'planDelivery'],
  ];
  for (const [kind, key] of order) {
    const r = await engine.importFile(`${key}.csv`, new TextEncoder().encode(files[key]), kind);
    if (r.error || r.rejected > 0) throw new Error(`${key}: ${r.error ?? JSON.stringify(r.rejects)}`);
  }
  return engine;
}

describe('a service whose files name units and people differently', () => {
  let consistent: Engine;
  let messy: Engine;
  beforeAll(async () => {
    consistent = await engineWith(service(false));
    messy = await engineWith(service(true));
  });
  afterAll(async () => {
    await consistent?.db.close();
    await messy?.db.close();
  });

  it('lists every unit name with the files it appears in', async () => {
    const r = await messy.reconciliation();
    const u = Object.fromEntries(r.units.map((x) => [x.name, x.counts]));
    const oakIncidents = INCIDENTS.filter((i) => i.person.unit === 'Oak').length;
    expect(u['Oak Ward']).toEqual({ rota: 0, incidents: oakIncidents, people: 0, requirements: 0, events: 0 });
    expect(u['Oak']!.rota).toBeGreaterThan(0);
    expect(u['Oak']).toMatchObject({ incidents: 0, people: 1, requirements: 0 });
    expect(u['OAK']).toMatchObject({ requirements: 3, rota: 0 });
    expect(r.units.map((x) => x.name).sort()).toEqual(
      ['Birch', 'Birch House', 'Birch House (ATU)', 'Birch Ward', 'OAK', 'Oak', 'Oak Ward', 'WILLOW', 'Willow'].sort(),
    );
    const p = Object.fromEntries(r.references.map((x) => [x.ref, x.counts]));
    expect(p['Zoë Hartley']).toMatchObject({ peopleName: 1 });
    expect(p['P1']).toMatchObject({ peopleId: 1, incidents: 0 });
    expect(p['S. Jones']).toMatchObject({ planDelivery: 7 });
    expect(p['Alex Smith']).toMatchObject({ peopleName: 2, incidents: INCIDENTS.filter((i) => i.person.id === 'P3').length });
  });

  it('suggests the obvious matches with reasons, and leaves Birch and Alex Smith to the user', async () => {
    const r = await messy.reconciliation();
    const u = byRaw(r.unitSuggestions);
    expect(u['Oak Ward']).toMatchObject({ target: 'Oak', confidence: 'high' });
    expect(u['WILLOW']).toMatchObject({ target: 'Willow', confidence: 'high' });
    expect(u['OAK']).toMatchObject({ target: 'Oak', confidence: 'high' });
    expect(u['Birch House (ATU)']).toMatchObject({ target: 'Birch House', confidence: 'medium' });
    expect(u['Birch']).toMatchObject({ target: null });
    const p = byRaw(r.personSuggestions);
    expect(p['Zoë Hartley']).toMatchObject({ target: 'P1', confidence: 'high' });
    expect(p['HARTLEY, Zoe']).toMatchObject({ target: 'P1', confidence: 'high' });
    expect(p['Sam Jones']).toMatchObject({ target: 'P2', confidence: 'high' });
    expect(p['p4']).toMatchObject({ target: 'P4', confidence: 'high' });
    expect(p['S. Jones']).toMatchObject({ target: 'P2', confidence: 'medium' });
    expect(p['Alex Smith']).toMatchObject({ target: null, candidates: ['P3', 'P4'] });
    for (const s of [...r.unitSuggestions, ...r.personSuggestions]) expect(s.reason.length).toBeGreaterThan(20);
    // Before reconciliation the files do not meet: every incident unit but Birch House is unknown to the rota.
    const unmatched = Object.fromEntries(r.unmatchedUnits.map((x) => [x.unit, x.missingFrom]));
    expect(unmatched['Oak Ward']).toEqual(['rota', 'people', 'requirements']);
    expect(unmatched['Oak']).toEqual(['incidents', 'requirements']);
    expect(unmatched['Birch House']).toEqual(['requirements']);
  });

  it('without aliases, only the incidents of the person written by a recognisable unit and id meet the rota', async () => {
    const s = await messy.staffing(NO_FILTERS);
    // p4's incidents are on "Birch House", a rota unit: p4 becomes an inferred person there.
    expect(s.exposure.incidents).toBe(INCIDENTS.filter((i) => i.person.id === 'P4').length);
    const c = await consistent.staffing(NO_FILTERS);
    expect(c.exposure.incidents).toBe(INCIDENTS.length);
  });

  it('after confirming the suggestions and choosing for the ambiguous names, the numbers equal the consistent files', async () => {
    const r = await messy.reconciliation();
    const confirmed = r.unitSuggestions.concat(r.personSuggestions).filter((s) => s.target !== null);
    const stored = await messy.setAliases({
      units: [...r.unitSuggestions.filter((s) => s.target).map((s) => ({ raw: s.raw, unit: s.target! })), ...USER_CHOICES.units],
      people: [...r.personSuggestions.filter((s) => s.target).map((s) => ({ raw: s.raw, personId: s.target! })), ...USER_CHOICES.people],
      staff: [],
    });
    expect(stored.units.length + stored.people.length).toBe(confirmed.length + 2);

    const [a, b] = await Promise.all([messy.staffing(NO_FILTERS), consistent.staffing(NO_FILTERS)]);
    expect(a.exposure).toEqual(b.exposure);
    expect(a.exposure.incidents).toBe(INCIDENTS.length);
    expect(a.ratesPer100).toEqual(b.ratesPer100);
    // The comparison has something to compare: the week spans several shortfall and agency bands.
    const used = (cells: Record<string, { personPeriods: number }>) => Object.values(cells).filter((c) => c.personPeriods > 0).length;
    expect(used(b.ratesPer100.shortfall)).toBeGreaterThanOrEqual(2);
    expect(used(b.ratesPer100.agency)).toBeGreaterThanOrEqual(2);
    expect(a.rateRatios).toEqual(b.rateRatios);
    expect(a.excessIncidents).toEqual(b.excessIncidents);
    expect(a.headline).toBe(b.headline);
    // Same units, same people under the same pseudonyms (keyed on the canonical person_id).
    expect(await messy.filterOptions()).toEqual(await consistent.filterOptions());
    for (const f of [{ ...NO_FILTERS, unit: 'Oak' }, { ...NO_FILTERS, personId: 'P1' }]) {
      const [x, y] = await Promise.all([messy.staffing(f), consistent.staffing(f)]);
      expect(x.ratesPer100).toEqual(y.ratesPer100);
      expect(x.exposure.personPeriods).toBe(y.exposure.personPeriods);
    }
    // No unit is named in one file and missing from another any more.
    expect(await unmatchedUnits(messy.db)).toEqual([]);
    expect((await messy.reconciliation()).aliases).toEqual(stored);
  });

  it('applies only the confident matches automatically: ambiguous and medium ones stay apart', async () => {
    const r = await messy.reconciliation();
    await messy.setAliases(confidentAliases(r.unitSuggestions, r.personSuggestions));
    const s = await messy.staffing(NO_FILTERS);
    // Alex Smith (P3's incidents) is not resolved and "Birch" is unknown to the rota: those fall out.
    expect(s.exposure.incidents).toBe(INCIDENTS.filter((i) => i.person.id !== 'P3').length);
    const left = (await unmatchedUnits(messy.db)).map((u) => u.unit);
    expect(left).toContain('Birch');
    expect(left).toContain('Birch House (ATU)');
    expect(left).not.toContain('Oak Ward');
  });

  it('delete all data removes the aliases too', async () => {
    await messy.clear();
    expect((await messy.reconciliation()).aliases).toEqual({ units: [], people: [], staff: [] });
  });
});

describe('planAliases (the headless report)', () => {
  const rec = {
    unitSuggestions: [
      { raw: 'Oak Ward', target: 'Oak', candidates: ['Oak'], confidence: 'high' as const, reason: 'generic word' },
      { raw: 'Birch', target: null, candidates: ['Birch Ward', 'Birch House'], confidence: null, reason: 'ambiguous' },
    ],
    personSuggestions: [
      { raw: 'Zoë Hartley', target: 'P1', candidates: ['P1'], confidence: 'high' as const, reason: 'same name' },
      { raw: 'S. Jones', target: 'P2', candidates: ['P2'], confidence: 'medium' as const, reason: 'initial' },
    ],
  };

  it('applies the file first, then the confident matches the file does not decide, and lists the rest', () => {
    const plan = planAliases(rec, { units: [{ raw: 'Birch', unit: 'Birch Ward' }, { raw: 'Oak Ward', unit: 'Oak House' }], people: [] });
    expect(plan.aliases).toEqual({
      units: [{ raw: 'Birch', unit: 'Birch Ward' }, { raw: 'Oak Ward', unit: 'Oak House' }],
      people: [{ raw: 'Zoë Hartley', personId: 'P1' }],
      staff: [],
    });
    expect(plan.applied.map((a) => [a.raw, a.source])).toEqual([
      ['Birch', 'file'],
      ['Oak Ward', 'file'],
      ['Zoë Hartley', 'automatic'],
    ]);
    expect(plan.undecided.map((s) => s.raw)).toEqual(['S. Jones']);
  });

  it('applies nothing of its own when automatic matching is off', () => {
    const plan = planAliases(rec, undefined, false);
    expect(plan.aliases).toEqual({ units: [], people: [], staff: [] });
    expect(plan.undecided).toHaveLength(4);
  });
});

describe('the headless report on files named differently', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-reconcile-'));
    for (const messy of [true, false]) {
      const sub = path.join(dir, messy ? 'messy' : 'clean');
      fs.mkdirSync(sub);
      for (const [k, v] of Object.entries(service(messy))) fs.writeFileSync(path.join(sub, `${k}.csv`), v);
    }
    // The user's file decides the ambiguous names and the one medium match that matters for staffing.
    const file = { ...USER_CHOICES, units: [...USER_CHOICES.units, { raw: 'Birch House (ATU)', unit: 'Birch House' }] };
    fs.writeFileSync(path.join(dir, 'aliases.json'), JSON.stringify(file));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const argv = (sub: string) =>
    ['people', 'requirements', 'shifts', 'incidents'].flatMap((k) => [`--${k}`, path.join(dir, sub, `${k}.csv`)]).concat(['--plan', path.join(dir, sub, 'planDelivery.csv')]);

  it('reports what it matched and, with the aliases file for the ambiguous names, equals the consistent files', async () => {
    const messy = await analyze(parseCommandLine([...argv('messy'), '--aliases', path.join(dir, 'aliases.json'), '--json']));
    const clean = await analyze(parseCommandLine(argv('clean')));
    const r = messy.analyses.reconciliation as ReconciliationReport;
    const applied = Object.fromEntries(r.applied.map((a) => [a.raw, [a.target, a.source]]));
    expect(applied).toMatchObject({
      Birch: ['Birch Ward', 'file'],
      'Alex Smith': ['P3', 'file'],
      'Oak Ward': ['Oak', 'automatic'],
      WILLOW: ['Willow', 'automatic'],
      'Zoë Hartley': ['P1', 'automatic'],
    });
    // Medium matches the file does not decide are listed, not applied.
    expect(r.undecided.map((s) => s.raw)).toEqual(['S. Jones']);
    expect(r.unmatchedUnits).toEqual([]);
    expect(messy.staffing.ratesPer100).toEqual(clean.staffing.ratesPer100);
    expect(messy.staffing.exposure).toEqual(clean.staffing.exposure);
    expect(reconciliationText(r)).toContain('"Oak Ward" → "Oak"');
    const report = buildReport(messy.imports, messy.staffing, messy.analyses);
    expect((report as Record<string, unknown>).reconciliation).toBe(r);
  });

  it('refuses an aliases file that is not one, plainly', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"units": [{"raw": "Oak Ward"}]}');
    await expect(analyze(parseCommandLine([...argv('messy'), '--aliases', bad]))).rejects.toThrow(/is not an aliases file/);
    expect(() => parseCommandLine([...argv('messy'), '--aliases', path.join(dir, 'missing.json')])).toThrow(/No such aliases file/);
  });
});
