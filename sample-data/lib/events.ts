/** Dated context for the timelines: about two events per person-year, plus a few unit-wide ones. */
import type { Calendar } from './calendar';
import type { Rng } from './prng';
import type { Service } from './service';

export interface EventRecord {
  personId: string;
  unit: string;
  day: number;
  type: string;
  description: string;
}

const PERSON_EVENTS: Record<string, readonly string[]> = {
  'medication change': ['Antipsychotic dose reduced (STOMP review)', 'New PRN protocol agreed', 'Started melatonin for sleep'],
  'plan review': ['PBS plan reviewed with family and team', 'Proactive strategies updated after functional assessment'],
  move: ['Moved to a quieter bedroom on the unit', 'Moved to the flat at the end of the unit'],
  illness: ['Dental pain, treated', 'Chest infection, antibiotics for a week', 'Constipation, treated'],
  'family visit': ['Visit from mum and sister', 'Day out with family', 'Birthday visit from family'],
};
const UNIT_EVENTS = ['New unit manager started', 'Garden closed for building work', 'Heating failure for two days'];

export function makeEvents(service: Service, cal: Calendar, rng: Rng): EventRecord[] {
  const years = cal.days / 365;
  const out: EventRecord[] = [];
  for (const p of service.people) {
    if (p.lastDay < p.firstDay) continue;
    const n = Math.max(1, Math.round(years * 2 * (0.5 + rng.next())));
    for (let i = 0; i < n; i++) {
      const type = rng.pick(Object.keys(PERSON_EVENTS));
      out.push({ personId: p.id, unit: p.unit, day: rng.int(p.firstDay, p.lastDay), type, description: rng.pick(PERSON_EVENTS[type]!) });
    }
  }
  for (const u of service.units) {
    if (!rng.chance(Math.min(1, years))) continue;
    out.push({ personId: '', unit: u.name, day: rng.int(0, cal.days - 1), type: 'unit change', description: rng.pick(UNIT_EVENTS) });
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort((a, b) => a.day - b.day || cmp(a.unit, b.unit) || cmp(a.personId, b.personId));
}
