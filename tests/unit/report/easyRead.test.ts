/** The easy-read lines: same results, same honesty, short words, a picture each. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { easyReadLines, howMuchMore, ICONS, waitPhrase } from '../../../src/report/easyRead';
import { numberPolicy } from '../../../src/report/suppression';
import { context, effectStaffing, input, noEffectStaffing, person, smallStaffing } from './fixtures';

const plain = numberPolicy(false);
const safe = numberPolicy(true);
const NAME = 'Person 3F2A9C';
const texts = (lines: { text: string }[]) => lines.map((l) => l.text);

describe('easy read', () => {
  it('says the staffing link in everyday words when the interval shows one', () => {
    const lines = easyReadLines(input(effectStaffing()), plain, NAME);
    expect(texts(lines)).toEqual([
      'This is about Person 3F2A9C.',
      'We looked at 12 weeks: from 1 October 2025 to 23 December 2025.',
      'Staff wrote down 136 hard times for Person 3F2A9C.',
      'When there were not enough staff, Person 3F2A9C had more hard times.',
      'Hard times happened about 2 times as often.', // rate ratio 2.1
      'When more staff came from an agency, Person 3F2A9C had more hard times.',
      'When there were not enough staff, staff more often used restraint or other restrictions.',
      // Ready for discharge on 4 November 2024; the report ends 23 December 2025: 414 days.
      'Person 3F2A9C was ready to leave on 4 November 2024.',
      'Person 3F2A9C was still waiting to leave more than 13 months later.',
      'These numbers show what happened at the same time.',
      'They do not prove why it happened.',
      'Hard times can be a sign that support is not right.',
    ]);
  });

  it('says a pseudonym once, then "this person": a code on every line is not easy read', () => {
    const lines = texts(easyReadLines(input(effectStaffing()), plain, NAME, true));
    expect(lines.filter((l) => l.includes(NAME))).toEqual(['This is about Person 3F2A9C.']);
    expect(lines).toContain('Staff wrote down 136 hard times for this person.');
    expect(lines).toContain('When there were not enough staff, this person had more hard times.');
    expect(lines).toContain('This person was ready to leave on 4 November 2024.');
    expect(lines).toContain('This person was still waiting to leave more than 13 months later.');
  });

  it('says "we are not sure" where the interval includes 1, and claims nothing', () => {
    const lines = texts(easyReadLines(input(noEffectStaffing()), plain, NAME));
    expect(lines).toContain('We are not sure if having too few staff made a difference.');
    expect(lines).toContain('We are not sure if agency staff made a difference.');
    expect(lines).toContain('We are not sure if staffing changed how often restraint was used.');
    for (const l of lines) expect(l).not.toMatch(/more hard times|fewer hard times|more often used/);
  });

  it('says when there are only a few, and suppresses counts the same way as the findings', () => {
    const few = texts(easyReadLines(input(smallStaffing()), plain, NAME));
    expect(few).toContain('Staff wrote down 7 hard times for Person 3F2A9C.');
    expect(few).toContain('That is only a few, so we cannot be sure about what comes next.');
    expect(texts(easyReadLines(input(effectStaffing()), safe, NAME))).toContain('Staff wrote down about 135 hard times for Person 3F2A9C.');
    const hidden = texts(easyReadLines(input(smallStaffing()), safe, NAME));
    expect(hidden).toContain('Staff wrote down about 5 hard times for Person 3F2A9C.');
    // The 2+ short band holds 1 incident: the comparison is withheld, so no claim either way.
    expect(hidden).toContain('There is not enough information to say if staffing made a difference.');
  });

  it('leaves out the waiting lines when there is no ready date or the person has left', () => {
    const none = texts(easyReadLines(input(effectStaffing(), { context: context({ person: person({ readyForDischarge: null }) }) }), plain, NAME));
    expect(none.some((l) => l.includes('ready to leave'))).toBe(false);
    const left = texts(easyReadLines(input(effectStaffing(), { context: context({ person: person({ discharged: '2025-11-01' }) }) }), plain, NAME));
    expect(left.some((l) => l.includes('waiting'))).toBe(false);
  });

  it('reads the trend only from its signals, "lately" only when recent', () => {
    type V = 'common' | 'improvement' | 'concern';
    const line = (flagAt: number | null, v: V) => {
      const weeks = Array.from({ length: 20 }, (_, i) => ({ week: '2025-01-06', value: 2, mean: 3, lower: 0, upper: 7, rules: [] as string[], variation: (i === flagAt ? v : 'common') as V }));
      const trend = { measure: 'incidents', improving: v === 'improvement', worsening: v === 'concern', points: 20, signalFrom: null, weeks };
      return easyReadLines(input(effectStaffing(), { trend }), plain, NAME).find((l) => l.id === 'trend')?.text;
    };
    expect(line(18, 'improvement')).toBe('Lately there have been fewer hard times.');
    expect(line(18, 'concern')).toBe('Lately there have been more hard times.');
    expect(line(2, 'concern')).toBe('For a while there were more hard times than usual.');
    expect(line(null, 'common')).toBe('The number of hard times has stayed about the same.');
  });

  it('says whether the commissioned staff were there, in tenths', () => {
    const commissioned = {
      ratio: '2:1', staff: 2, hours: '08:00–22:00', commissionedHours: 5110, shortHours: 1278,
      incidentRatio: null, shortHourIncidents: 40, fullHourIncidents: 50, weeks: [], grain: 'week' as const, span: null,
    };
    const lines = texts(easyReadLines(input(effectStaffing(), { commissioned }), plain, NAME));
    expect(lines).toContain('Person 3F2A9C should have 2 staff with them from 08:00 to 22:00.');
    // 1,278 of 5,110 hours is 2.5 in 10, said as about 3.
    expect(lines).toContain('In about 3 in every 10 of those hours, there were not enough staff with Person 3F2A9C.');
    const always = texts(easyReadLines(input(effectStaffing(), { commissioned: { ...commissioned, staff: 1, hours: 'all day', shortHours: 0 } }), plain, NAME));
    expect(always).toContain('Person 3F2A9C should have 1 member of staff with them all the time.');
    expect(always).toContain('There were always enough staff with Person 3F2A9C in those hours.');
  });

  it('keeps to one short idea a line, with a picture that ships with the app', () => {
    for (const s of [effectStaffing(), noEffectStaffing(), smallStaffing()]) {
      for (const l of easyReadLines(input(s), plain, NAME)) {
        expect(l.text.split(/[.!?](\s|$)/).filter((x) => x && x.trim()).length, l.text).toBe(1);
        expect(l.text.split(/\s+/).length, l.text).toBeLessThanOrEqual(16);
        expect(fs.existsSync(path.resolve(__dirname, '../../../public/icons', `${l.icon}.svg`)), l.icon).toBe(true);
      }
    }
    for (const icon of ICONS) {
      const svg = fs.readFileSync(path.resolve(__dirname, '../../../public/icons', `${icon}.svg`), 'utf8');
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg, icon).not.toMatch(/href=|url\(|<script/i); // nothing fetched, nothing run
    }
  });

  it('words sizes without overstating them', () => {
    expect([howMuchMore({ estimate: 1.3, lower: 1.1, upper: 1.6 }), howMuchMore({ estimate: 2.6, lower: 1.7, upper: 3.9 })]).toEqual([
      'a little more often',
      'about 3 times as often',
    ]);
    expect([waitPhrase(1), waitPhrase(9), waitPhrase(14), waitPhrase(20), waitPhrase(61), waitPhrase(422)]).toEqual([
      '1 day', '9 days', '2 weeks', 'more than 2 weeks', 'more than 2 months', 'more than 13 months',
    ]);
  });
});
