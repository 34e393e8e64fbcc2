/**
 * Issue 14, plain words: the dashboard's headline sentences on hand-made results. Each leads with
 * the finding in everyday words and numbers; one ratio a sentence, at one decimal; no test
 * statistic; the excess is never read as caused by staffing without "if the link is causal".
 */
import { describe, expect, it } from 'vitest';
import { excessSentence, headlineSentence, readRateRatio, restraintSentence } from '../../../src/analysis/sentences';
import { readRatio, timesAs } from '../../../src/analysis/sentences-shared';
import { effectStaffing, est, noEffectStaffing, smallStaffing } from '../report/fixtures';

const JARGON = /χ²|p [<=]|df =|common-cause|special-cause|would be expected/;

describe('staffing headline', () => {
  it('one ratio a sentence, the condition first (before: both ratios in one sentence joined by "; and")', () => {
    // Before: "Incidents were 2.1 times as frequent when the unit was two or more staff short than when it was fully
    // staffed (95 % CI 1.7 to 2.6); and incidents were 2.8 times as frequent when more than half the staff-hours …"
    expect(headlineSentence(effectStaffing())).toBe(
      'When the unit was two or more staff short, incidents happened about 2.1 times as often as when it was fully staffed (95 % CI 1.7 to 2.6). ' +
        'When agency staff worked more than half of the hours, incidents happened about 2.8 times as often as when there were no agency staff (95 % CI 1.6 to 4.9). ' +
        'Both compare like with like: the same person, on the same shift and day of the week. This is an association, not proof of cause.',
    );
  });

  it('says in words when the numbers cannot tell, with the ratio and interval after', () => {
    const text = headlineSentence(noEffectStaffing());
    expect(text).toMatch(/^When the unit was two or more staff short, these numbers cannot tell whether incidents happened more or less often than when it was fully staffed \(rate ratio 1\.2, 95 % CI 0\.8 to 1\.9\)\./);
    expect(text).not.toMatch(/times as often/);
  });

  it('says small numbers out loud', () => {
    expect(headlineSentence(smallStaffing())).toMatch(/These are small numbers \(7 incidents\): read them with care\./);
  });

  it('reads a ratio below 1 as less often, without "times as frequent, that is less frequent"', () => {
    expect(readRateRatio(est(0.6, 0.4, 0.9), 'When X', 'when Y')).toBe('When X, incidents happened less often than when Y: about 0.6 times as often (95 % CI 0.4 to 0.9).');
  });
});

describe('excess incidents: never causal without the caveat', () => {
  it('puts "if the link is causal" beside the number (before: "Had every period been fully staffed, about 53 fewer incidents would be expected")', () => {
    expect(excessSentence(effectStaffing())).toBe(
      'About 53 more incidents happened than fully staffed periods would predict (95 % CI 43 to 63), out of 136. ' +
        'If the link is causal, full staffing would have meant about that many fewer.',
    );
  });

  it('claims nothing when the interval includes none', () => {
    expect(excessSentence(noEffectStaffing())).toBe(
      'The model does not show whether more or fewer incidents happened than fully staffed periods would predict (its estimate: 3 more, 95 % CI -4 to 11).',
    );
  });

  it('reads a negative excess as fewer than predicted, with no suggestion that staffing would have helped', () => {
    const s = effectStaffing();
    s.excessIncidents = est(-12, -20, -4);
    expect(excessSentence(s)).toBe(
      'About 12 fewer incidents happened than fully staffed periods would predict (95 % CI 4 to 20), out of 136: these numbers do not suggest that full staffing would have meant fewer.',
    );
  });
});

describe('restraint after an incident', () => {
  it('gives the shares, then one ratio at one decimal (before: "a risk ratio of 1.98 (95 % CI 1.09 to 3.58)")', () => {
    expect(restraintSentence(effectStaffing())).toBe(
      '40 % of incidents in periods short of staff ended in a restrictive intervention (32 of 81), against 20 % in fully staffed periods (11 of 55): ' +
        'about 2.0 times as likely (95 % CI 1.1 to 3.6).',
    );
  });
});

describe('ratios in words', () => {
  it('one decimal; whole numbers from 10 up; two decimals only where one would blur a bound into 1.0', () => {
    // The sample's plan delivery: not delivering 5.46 (4.81 to 6.20), a staffing reason 36.47 (25.16 to 52.85).
    expect(readRatio(est(5.46, 4.81, 6.2), 'risk')!.text).toBe('about 5.5 times as likely (95 % CI 4.8 to 6.2)');
    expect(readRatio(est(36.47, 25.16, 52.85), 'risk')!.text).toBe('about 36 times as likely (95 % CI 25 to 53)');
    expect(readRatio(est(1.3, 1.02, 1.66), 'rate')!.text).toBe('about 1.30 times as often (95 % CI 1.02 to 1.66)');
    expect(readRatio(est(0.64, 0.42, 0.97), 'risk')!.text).toBe('about 0.64 times as likely, that is less likely (95 % CI 0.42 to 0.97)');
    expect(readRatio(est(1.2, 0.8, 1.9), 'risk')).toEqual({ clear: false, text: 'no clear difference (risk ratio 1.2, 95 % CI 0.8 to 1.9)' });
    expect(timesAs(est(2.04, 1.5, 2.8), 'as often')).toBe('about 2.0 times as often');
  });

  it('no headline carries a test statistic or model jargon', () => {
    for (const s of [effectStaffing(), noEffectStaffing(), smallStaffing()]) {
      for (const text of [headlineSentence(s), excessSentence(s), restraintSentence(s)]) expect(text).not.toMatch(JARGON);
    }
  });
});
