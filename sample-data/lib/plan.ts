/**
 * Proactive-plan delivery: each strategy planned for a person that day is delivered or not, with
 * the chance of not delivering it higher on days the unit was short in any period.
 */
import { PLANTED } from '../effects';
import type { Rng } from './prng';
import type { Person } from './service';

export interface PlanRecord {
  strategy: string;
  delivered: boolean;
  reason: string;
}

const OTHER_REASONS = { declined: 0.55, unwell: 0.25, 'activity closed': 0.2 };

export function planForDay(person: Person, weekdayIndex: number, shortDay: boolean, rng: Rng): PlanRecord[] {
  const out: PlanRecord[] = [];
  for (const s of person.strategies) {
    if (s.days && !s.days.includes(weekdayIndex)) continue;
    const missed = rng.chance(shortDay ? PLANTED.planNotDelivered.shortDay : PLANTED.planNotDelivered.fullyStaffedDay);
    if (!missed) {
      out.push({ strategy: s.name, delivered: true, reason: '' });
      continue;
    }
    const staffShare = shortDay ? PLANTED.notEnoughStaffShareOnShortDays : 0.1;
    const reason = rng.chance(staffShare) ? 'not enough staff' : rng.weighted(OTHER_REASONS);
    out.push({ strategy: s.name, delivered: false, reason });
  }
  return out;
}
