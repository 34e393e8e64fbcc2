import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';
import { baseVocabulary } from '../../../src/ingest/baseVocabulary';
import { referenceFile } from '../helpers/reference';
import {
  lookup,
  normaliseTerm,
  sqlNormaliseTerm,
  unknownValues,
  VOCABULARY_NAMES,
  VOCABULARY_OUTPUTS,
  vocabularyRows,
  type VocabularyName,
} from '../../../src/ingest/vocabularies';

const value = (v: VocabularyName, raw: string) => {
  const r = lookup(v, raw);
  return r.status === 'match' ? r.value : r.status;
};

describe('normaliseTerm', () => {
  it('lower-cases, strips accents, collapses punctuation and spaces', () => {
    expect(normaliseTerm('  Long-Term  Segregation (LTS) ')).toBe('long term segregation lts');
    expect(normaliseTerm('Sévère_Harm')).toBe('severe harm');
    expect(normaliseTerm('✓')).toBe('✓');
    expect(normaliseTerm('1 - No harm')).toBe('1 no harm');
    expect(normaliseTerm(null)).toBe('');
  });
});

describe('the tables', () => {
  it('never map one spelling to two values (canonical and vendor spellings together)', () => {
    const seen = new Map<string, string>();
    const conflicts: string[] = [];
    const all = [...baseVocabulary(), ...vocabularyRows()];
    for (const r of all) {
      const key = `${r.vocabulary}:${normaliseTerm(r.input)}`;
      const prev = seen.get(key);
      if (prev !== undefined && prev !== r.output) conflicts.push(`${key} → ${prev} / ${r.output}`);
      seen.set(key, r.output);
    }
    expect(conflicts).toEqual([]);
  });
  it('only output canonical values', () => {
    for (const r of vocabularyRows()) {
      const allowed = VOCABULARY_OUTPUTS[r.vocabulary as VocabularyName].map((o) => o.value);
      expect(allowed, `${r.vocabulary}: ${r.input}`).toContain(r.output);
    }
  });
  it('hold inputs already normalised, one row per spelling', () => {
    const rows = vocabularyRows();
    expect(rows.every((r) => r.input === normaliseTerm(r.input))).toBe(true);
    expect(new Set(rows.map((r) => `${r.vocabulary}:${r.input}`)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.vocabulary))).toEqual(new Set(VOCABULARY_NAMES));
  });
});

describe('lookup: the spellings of issue 3 and the BRIEF', () => {
  it('contract', () => {
    for (const s of ['Permanent', 'Substantive', 'contracted', 'Employed', 'PERM']) expect(value('contract', s), s).toBe('permanent');
    for (const s of ['Bank', 'Relief']) expect(value('contract', s), s).toBe('bank');
    for (const s of ['Agency', 'Locum', 'Temporary', 'temp', 'External']) expect(value('contract', s), s).toBe('agency');
  });
  it('status', () => {
    for (const s of ['Worked', 'Actual', 'Attended', 'completed']) expect(value('status', s), s).toBe('worked');
    for (const s of ['Planned', 'Rostered', 'Scheduled']) expect(value('status', s), s).toBe('planned');
    for (const s of ['Unfilled', 'Open', 'Vacant', 'Uncovered']) expect(value('status', s), s).toBe('unfilled');
    for (const s of ['Cancelled', 'Deleted']) expect(value('status', s), s).toBe('cancelled');
    for (const s of ['Sick', 'Sickness', 'Absent', 'Absence']) expect(value('status', s), s).toBe('sickness');
  });
  it('yes/no, with blank neither', () => {
    for (const s of ['Y', 'yes', 'TRUE', '1', 'x', '✓']) expect(value('boolean', s), s).toBe('true');
    for (const s of ['N', 'No', 'false', '0']) expect(value('boolean', s), s).toBe('false');
    expect(lookup('boolean', '  ')).toEqual({ status: 'blank' });
  });
  it('restraint positions and types onto MHSDS RestrictiveIntType', () => {
    const expected: [string, string][] = [
      ['Face down', '01'], ['PRONE', '01'], ['supine', '09'], ['Face up', '09'], ['Standing', '07'], ['Seated', '11'],
      ['chair', '11'], ['Kneeling', '12'], ['side', '10'], ['Recovery position', '10'], ['Escort', '08'], ['Seclusion', '05'],
      ['Segregation', '06'], ['Long-term segregation', '06'], ['Mechanical', '04'], ['Handcuffs', '04'], ['belt', '04'],
      ['Rapid tranquillisation', '14'], ['RT', '14'], ['IM', '14'], ['Oral PRN', 'PRN'], ['PRN', 'PRN'], ['Oral', '16'],
      ['1', '01'], ['05', '05'], ['Restraint', '02'],
    ];
    for (const [raw, code] of expected) expect(value('interventionType', raw), raw).toBe(code);
  });
  it('every MHSDS label in shared/reference maps to its own code', () => {
    const file = referenceFile('mhsds-restrictive-intervention-types.csv');
    const ref = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(ref.length).toBe(15);
    for (const r of ref) {
      expect(value('interventionType', r.label!), r.label).toBe(r.code);
      expect(value('interventionType', r.code!), r.code).toBe(r.code);
    }
    const reasons = referenceFile('mhsds-restrictive-intervention-reasons.csv');
    for (const r of Papa.parse<Record<string, string>>(fs.readFileSync(reasons, 'utf8'), { header: true, skipEmptyLines: true }).data) {
      expect(value('interventionReason', r.label!), r.label).toBe(r.code);
    }
  });
  it('harm grades onto severity 1–5', () => {
    const expected: [string, string][] = [
      ['No harm', '1'], ['Low harm', '2'], ['low', '2'], ['Moderate harm', '3'], ['Severe harm', '4'], ['Death', '5'],
      ['1 - No harm', '1'], ['Moderate (3)', '3'], ['4', '4'],
    ];
    for (const [raw, sev] of expected) expect(value('severity', raw), raw).toBe(sev);
  });
  it('weekdays, Monday = 1', () => {
    expect(['Mon', 'tues', 'Weds', 'Thurs', 'friday', 'Sat', 'SUN'].map((d) => value('weekday', d))).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });
});

describe('unknown values and the user’s answers', () => {
  it('lists unknown values most frequent first, and applies answers', () => {
    const staffType = ['Substantive', 'NHSP', 'Agency', 'Thornbury', 'Thornbury', 'Off-framework', 'Pool', '', 'Pool', 'Thornbury'];
    const unknown = unknownValues('contract', staffType);
    expect(unknown).toEqual([
      { value: 'Thornbury', count: 3 },
      { value: 'Pool', count: 2 },
    ]);
    const answers = { Thornbury: 'agency', pool: 'bank' };
    expect(lookup('contract', 'THORNBURY', answers)).toEqual({ status: 'match', value: 'agency' });
    expect(unknownValues('contract', staffType, answers)).toEqual([]);
    // An answer wins over the built-in table.
    expect(lookup('contract', 'Temp', { temp: 'bank' })).toEqual({ status: 'match', value: 'bank' });
  });
});

describe('in DuckDB', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await openNodeDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  it('sqlNormaliseTerm equals normaliseTerm, and a SQL join equals lookup()', async () => {
    const rows = vocabularyRows();
    await db.exec('CREATE TABLE vocab (vocabulary VARCHAR, input VARCHAR, output VARCHAR)');
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      await db.query(`INSERT INTO vocab VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`, chunk.flatMap((r) => [r.vocabulary, r.input, r.output]));
    }
    const raws: [VocabularyName, string][] = [
      ['interventionType', '  Long-Term  Segregation '], ['interventionType', 'Face-down'], ['interventionType', 'Physical Restraint – Prone'],
      ['interventionType', 'Chemical restraint - Injection (Rapid Tranquillisation)'], ['interventionType', 'pirouette'],
      ['severity', 'Sévère harm'], ['severity', 'NO HARM'], ['severity', '1 - No Harm'], ['boolean', '✓'], ['boolean', 'Y '],
      ['boolean', '\tno\t'], ['boolean', ''], ['contract', 'Bank\u00a0Staff'], ['status', 'Off-Sick'], ['weekday', 'Thu.'],
    ];
    await db.exec('CREATE TABLE raw (i INTEGER, vocabulary VARCHAR, v VARCHAR)');
    for (const [i, [vocab, v]] of raws.entries()) await db.query('INSERT INTO raw VALUES (?, ?, ?)', [i, vocab, v]);
    const got = await db.query<{ n: string; output: string | null }>(
      `SELECT ${sqlNormaliseTerm('raw.v')} AS n, vocab.output FROM raw
       LEFT JOIN vocab ON vocab.vocabulary = raw.vocabulary AND vocab.input = ${sqlNormaliseTerm('raw.v')} ORDER BY i`,
    );
    expect(got.map((r) => r.n)).toEqual(raws.map(([, v]) => normaliseTerm(v)));
    expect(got.map((r) => r.output)).toEqual(
      raws.map(([vocab, v]) => {
        const r = lookup(vocab, v);
        return r.status === 'match' ? r.value : null;
      }),
    );
    // And by hand, so the two cannot be wrong together.
    expect(got.map((r) => r.output)).toEqual(['06', '01', '01', '14', null, '4', '1', '1', 'true', 'true', 'false', null, 'bank', 'sickness', '4']);
  });
});
