/**
 * The headline findings on constructed results. Expected sentences are written by hand from the
 * fixture numbers (percentages and roundings worked out in the comments), not copied from output.
 */
import { describe, expect, it } from 'vitest';
import {
  agencyRatioFinding,
  commissionedFindings,
  daysBetween,
  dischargeFinding,
  excessFinding,
  headlineFindings,
  longDate,
  restraintFindings,
  shortfallRatioFindings,
  shortfallShareFinding,
  smallNumberFindings,
  spanPhrase,
  trendFinding,
} from '../../../src/report/findings';
import { numberPolicy } from '../../../src/report/suppression';
import { context, effectStaffing, input, noEffectStaffing, person, smallStaffing } from './fixtures';

const plain = numberPolicy(false);
const safe = numberPolicy(true);
const twelveWeeks = context().covered;

describe('dates and spans', () => {
  it('writes dates and lengths the way a reader would', () => {
    expect(longDate('2024-11-04')).toBe('4 November 2024');
    expect(daysBetween('2024-11-04', '2025-12-31')).toBe(422); // 57 days to the end of 2024, then 365
    expect([spanPhrase(1), spanPhrase(10), spanPhrase(84), spanPhrase(365)]).toEqual(['one day', '10 days', '12 weeks', '12 months']);
  });
});

describe('a clear effect', () => {
  const s = effectStaffing();

  it('says what share of incidents fell in short-staffed periods and how much of the time that was', () => {
    // Short: 47 + 34 = 81 of 136 incidents (59.6 %); 212 + 160 = 372 of 1,095 person-periods (34.0 %).
    expect(shortfallShareFinding(s, twelveWeeks, plain).text).toBe(
      'In these 12 weeks, 60 % of incidents (81 of 136) happened in periods that were short of staff; those periods were 34 % of the time.',
    );
  });

  it('reads each rate ratio with its interval', () => {
    expect(shortfallRatioFindings(s, plain).map((f) => [f.kind, f.text])).toEqual([
      ['effect', 'When the unit was 2 or more staff short, incidents happened about 2.1 times as often as when it was fully staffed (95 % CI 1.7 to 2.6).'],
      ['effect', 'When the unit was about 1 staff member short, incidents happened about 1.5 times as often as when it was fully staffed (95 % CI 1.1 to 2.0).'],
    ]);
    expect(agencyRatioFinding(s, plain)?.text).toBe(
      'When agency staff worked more than half of the hours, incidents happened about 2.8 times as often as when there were no agency staff (95 % CI 1.6 to 4.9).',
    );
  });

  it('gives the incidents above what full staffing would predict, with the causal caveat beside the number', () => {
    expect(excessFinding(s, plain)?.text).toBe(
      'About 53 more incidents happened than fully staffed periods would predict (95 % CI 43 to 63), out of 136 incidents. ' +
        'If the link is causal, full staffing would have meant about that many fewer.',
    );
  });

  it('says when a band without incidents is left out of the excess, as the Staffing page does', () => {
    const left = { ...s, excessLeavesOut: ['one' as const] };
    expect(excessFinding(left, plain)?.text).toBe(
      'About 53 more incidents happened than fully staffed periods would predict (95 % CI 43 to 63), out of 136 incidents. ' +
        'If the link is causal, full staffing would have meant about that many fewer. ' +
        'Periods about one staff short had no incidents, so they are left out of this estimate.',
    );
  });

  it('compares how often incidents ended in a restrictive intervention', () => {
    // 32 / 81 = 39.5 %; 11 / 55 = 20 %.
    expect(restraintFindings(s, plain).map((f) => f.text)).toEqual([
      'When the unit was short of staff, 40 % of incidents (32 of 81) ended in a restrictive intervention, against 20 % (11 of 55) when it was fully staffed.',
      'When the unit was short of staff, incidents were about 2.0 times as likely to end in a restrictive intervention (95 % CI 1.1 to 3.6).',
    ]);
  });

  it('uses two decimals where one would blur a bound into 1.0', () => {
    const t = effectStaffing();
    t.rateRatios.shortfall.twoPlus = { estimate: 1.3, lower: 1.02, upper: 1.66 };
    expect(shortfallRatioFindings(t, plain)[0]!.text).toContain('about 1.30 times as often');
    expect(shortfallRatioFindings(t, plain)[0]!.text).toContain('(95 % CI 1.02 to 1.66)');
  });

  it('says fewer, not "times as frequent" without qualification, when the ratio is below 1', () => {
    const t = effectStaffing();
    t.rateRatios.shortfall.twoPlus = { estimate: 0.6, lower: 0.4, upper: 0.9 };
    expect(shortfallRatioFindings(t, plain)[0]!.text).toBe(
      'When the unit was 2 or more staff short, incidents happened less often: about 0.6 times the rate when it was fully staffed (95 % CI 0.4 to 0.9).',
    );
  });

  it('puts the findings in reading order and always says association is not proof', () => {
    const all = headlineFindings(input(s), plain);
    expect(all.map((f) => f.id)).toEqual([
      'shortfall-share', 'shortfall-twoPlus', 'shortfall-one', 'agency-over50', 'like-with-like', 'excess', 'restraint-share', 'restraint-rr', 'association',
    ]);
    expect(all.at(-1)!.text).toBe('These numbers show what happened together. That is an association, not proof of what caused it.');
  });
});

describe('no effect', () => {
  const s = noEffectStaffing();

  it('never claims an effect when an interval includes 1', () => {
    const [twoPlus, one] = shortfallRatioFindings(s, plain);
    expect(twoPlus).toEqual({
      id: 'shortfall-twoPlus',
      kind: 'noEffect',
      text:
        'These numbers cannot tell whether incidents happened more or less often when the unit was 2 or more staff short than when it was fully staffed: ' +
        'the difference could be chance (rate ratio 1.2, 95 % CI 0.8 to 1.9).',
    });
    expect(one!.kind).toBe('noEffect');
    // 0.9 (0.6 to 1.4) must not read as "less frequent" either.
    expect(one!.text).not.toMatch(/less often:|times as often/);
    expect(agencyRatioFinding(s, plain)!.kind).toBe('noEffect');
  });

  it('does not claim avoided incidents when the interval includes none', () => {
    expect(excessFinding(s, plain)).toEqual({
      id: 'excess',
      kind: 'noEffect',
      text:
        'These numbers cannot tell whether more or fewer incidents happened than fully staffed periods would predict: ' +
        'the estimate was 3 more, but the interval (95 % CI -4 to 11) includes none.',
    });
  });

  it('does not claim a restraint difference', () => {
    const [, rr] = restraintFindings(s, plain);
    expect(rr!.kind).toBe('noEffect');
    expect(rr!.text).toBe(
      'These numbers cannot tell whether short staffing changed how often incidents ended in a restrictive intervention: the difference could be chance (risk ratio 1.2, 95 % CI 0.6 to 2.4).',
    );
  });

  it('has no effect-kind finding at all', () => {
    const all = headlineFindings(input(s), plain);
    expect(all.filter((f) => f.kind === 'effect')).toEqual([]);
    for (const f of all) expect(f.text).not.toMatch(/times as (often|likely)|more incidents happened|fewer incidents would be expected/);
  });
});

describe('small numbers', () => {
  const s = smallStaffing();

  it('says so when there are few incidents in all', () => {
    expect(smallNumberFindings(s, plain)).toEqual([
      {
        id: 'small-total',
        kind: 'small',
        text: 'These are small numbers: 7 incidents in this period. With so few, the intervals are wide and a pattern could be chance.',
      },
    ]);
  });

  it('flags a band with fewer than 5 incidents when the total is not small', () => {
    const t = effectStaffing();
    t.ratesPer100.shortfall.twoPlus = { incidents: 3, personPeriods: 160, rate: null, lower: null, upper: null };
    expect(smallNumberFindings(t, plain).map((f) => f.text)).toEqual([
      'Fewer than 5 incidents happened in periods 2 or more staff short: comparisons with it rest on very few incidents.',
    ]);
  });

  it('with suppression, says "fewer than 5" and withholds what rests on hidden counts', () => {
    const all = headlineFindings(input(s), safe);
    const byId = Object.fromEntries(all.map((f) => [f.id, f]));
    // 7 incidents rounds to 5; 3 of them in short periods are hidden, so no percentage.
    expect(byId['shortfall-share']!.text).toBe(
      'In these 12 weeks, fewer than 5 of about 5 incidents happened in periods that were short of staff; those periods were 23 % of the time.',
    );
    expect(byId['shortfall-twoPlus']!.text).toBe('The comparison when the unit was 2 or more staff short is not shown: fewer than 5 incidents happened in periods 2 or more staff short.');
    expect(byId['excess']!.kind).toBe('withheld');
    expect(byId['restraint-share']!.text).toBe(
      'When the unit was short of staff, fewer than 5 of fewer than 5 incidents ended in a restrictive intervention, against fewer than 5 of fewer than 5 when it was fully staffed.',
    );
    expect(byId['restraint-rr']!.kind).toBe('withheld');
    expect(byId['small-total']!.text).toBe('These are small numbers: about 5 incidents in this period. With so few, the intervals are wide and a pattern could be chance.');
  });
});

describe('suppressed for sharing', () => {
  const s = effectStaffing();

  it('rounds every count and works shares out from the rounded counts', () => {
    // 81 → 80 and 136 → 135: 59.3 %. Person-periods are time: not rounded (34 %).
    expect(shortfallShareFinding(s, twelveWeeks, safe).text).toBe(
      'In these 12 weeks, 59 % of incidents (about 80 of about 135) happened in periods that were short of staff; those periods were 34 % of the time.',
    );
    expect(excessFinding(s, safe)!.text).toBe(
      'About 55 more incidents happened than fully staffed periods would predict (95 % CI 45 to 65), out of about 135 incidents. If the link is causal, full staffing would have meant about that many fewer.',
    );
    // 32/81 → 30/80 = 37.5 %; 11/55 → 10/55 = 18.2 %; RR from the rounded counts 2.06 (1.10 to 3.86).
    expect(restraintFindings(s, safe).map((f) => f.text)).toEqual([
      'When the unit was short of staff, 38 % of incidents (about 30 of about 80) ended in a restrictive intervention, against 18 % (about 10 of about 55) when it was fully staffed.',
      'When the unit was short of staff, incidents were about 2.1 times as likely to end in a restrictive intervention (95 % CI 1.1 to 3.9).',
    ]);
  });

  it('withholds a comparison whose band holds fewer than 5 incidents', () => {
    const t = effectStaffing();
    t.ratesPer100.agency.over50 = { incidents: 3, personPeriods: 133, rate: null, lower: null, upper: null };
    expect(agencyRatioFinding(t, safe)).toEqual({
      id: 'agency-over50',
      kind: 'withheld',
      text: 'The comparison when agency staff worked more than half of the hours is not shown: fewer than 5 incidents happened in those periods.',
    });
  });

  it('leaves no true count in any sentence', () => {
    const text = headlineFindings(input(s), safe).map((f) => f.text).join('\n');
    for (const n of ['136', '81', '32', '11 of', '47', '53 more']) expect(text).not.toContain(n);
  });
});

describe('context', () => {
  it('says how long since the person was judged ready for discharge', () => {
    const covered = { from: '2025-01-01', to: '2025-12-31', days: 365 };
    expect(dischargeFinding(person(), covered, 'Person 3F2A9C').text).toBe(
      'Person 3F2A9C was judged clinically ready for discharge on 4 November 2024. By 31 December 2025, the last day this report covers, that was 422 days ago. ' +
        'Person 3F2A9C was ready for discharge on every day of this report.',
    );
    // From 31 March: 275 days to 31 December, so 276 days of the 365 include it.
    expect(dischargeFinding(person({ readyForDischarge: '2025-03-31' }), covered, 'Person X').text).toBe(
      'Person X was judged clinically ready for discharge on 31 March 2025. By 31 December 2025, the last day this report covers, that was 275 days ago. ' +
        'For 276 of the 365 days in this report, Person X was ready for discharge.',
    );
    expect(dischargeFinding(person({ readyForDischarge: null }), covered, 'Person X').text).toBe(
      'No date is recorded from which Person X was judged clinically ready for discharge.',
    );
    expect(dischargeFinding(person({ readyForDischarge: '2026-02-01' }), covered, 'Person X').text).toBe(
      'Person X was judged clinically ready for discharge on 1 February 2026, after the last day this report covers.',
    );
  });

  it('reads the trend from special-cause signals only, and says whether they are recent', () => {
    type V = 'common' | 'improvement' | 'concern';
    const series = (flags: Record<number, [V, string]> = {}, n = 20) =>
      Array.from({ length: n }, (_, i) => ({
        week: `2025-01-${String(i + 1).padStart(2, '0')}`, value: 3, mean: 3, lower: 0, upper: 6,
        rules: flags[i] ? [flags[i]![1]] : [], variation: flags[i]?.[0] ?? ('common' as V),
      }));
    const reading = (weeks: ReturnType<typeof series>) => ({
      measure: 'incidents', improving: weeks.some((w) => w.variation === 'improvement'), worsening: weeks.some((w) => w.variation === 'concern'),
      points: weeks.length, signalFrom: null, weeks,
    });
    expect(trendFinding(reading(series())).text).toBe(
      'Over 20 weeks, the weekly number of incidents shows no sign of getting better or worse: the ups and downs are the usual variation.',
    );
    // Week 16 of 20 is within the last 8: recent.
    expect(trendFinding(reading(series({ 15: ['improvement', 'shift'] }))).text).toBe(
      'On the weekly chart of incidents, 1 week showed fewer incidents than usual (a sign of improvement), the latest the week of 16 January 2025 (a run of 7 or more weeks on one side of the average).',
    );
    // Weeks 4 and 5 of 20: long past.
    expect(trendFinding(reading(series({ 3: ['concern', 'outsideLimits'], 4: ['concern', 'outsideLimits'] }))).text).toBe(
      'On the weekly chart of incidents, 2 weeks showed more incidents than usual (a sign of things getting worse), the latest the week of 5 January 2025 (a week outside the usual range). ' +
        'Since then, the weeks have been within the usual range.',
    );
    expect(trendFinding(reading(series({ 3: ['concern', 'outsideLimits'], 15: ['improvement', 'shift'] }))).text).toBe(
      'On the weekly chart of incidents, 1 week showed more incidents than usual (a sign of things getting worse), the latest the week of 4 January 2025 (a week outside the usual range); ' +
        'and 1 week showed fewer incidents than usual (a sign of improvement), the latest the week of 16 January 2025 (a run of 7 or more weeks on one side of the average).',
    );
    expect(trendFinding(reading(series({}, 8))).text).toContain("With only 8 weeks, the chart's usual range is not yet reliable");
  });
});

describe('commissioned support', () => {
  const twoToOne = {
    ratio: '2:1', staff: 2, hours: '08:00–22:00', commissionedHours: 5110, shortHours: 1278,
    incidentRatio: { estimate: 1.6, lower: 1.2, upper: 2.1 }, shortHourIncidents: 40, fullHourIncidents: 50, weeks: [], grain: 'week' as const, span: null,
  };

  it('says how often the commissioned staff were not there, and what went with it', () => {
    // 1,278 / 5,110 = 25.0 %.
    expect(commissionedFindings(twoToOne, plain).map((f) => f.text)).toEqual([
      '2:1 support (08:00–22:00 each day) was commissioned. In 25 % of those hours (1,278 of 5,110), fewer staff were allocated to the person than commissioned.',
      'In hours when fewer staff were allocated than commissioned, incidents happened about 1.6 times as often as in hours with the commissioned staff (95 % CI 1.2 to 2.1).',
    ]);
  });

  it('keeps hours as they are under suppression but withholds a comparison over few incidents', () => {
    const few = { ...twoToOne, shortHourIncidents: 3 };
    const [hours, ratio] = commissionedFindings(few, safe);
    expect(hours!.text).toContain('(1,278 of 5,110)');
    expect(ratio!.kind).toBe('withheld');
  });
});

describe('respectful language', () => {
  it('never calls a person challenging', () => {
    for (const s of [effectStaffing(), noEffectStaffing(), smallStaffing()]) {
      for (const p of [plain, safe]) {
        const text = headlineFindings(input(s), p).map((f) => f.text).join(' ');
        expect(text).not.toMatch(/challenging (person|individual|patient|behaviour)|challenging\b/i);
      }
    }
  });
});
