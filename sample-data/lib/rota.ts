/**
 * One unit's rota for one day, with the texture real rotas have: spells of shortage lasting days,
 * sickness clusters, agency-heavy weeks, long days, early leavers, unfilled lines and 1:1 / 2:1
 * allocations that are not always delivered. All shifts of a day fall in [07:00, 07:00 next day),
 * so the day's three periods can be scored from this day's rows alone.
 */
import { clockMinutes, MINUTES_PER_DAY } from './calendar';
import type { Rng } from './prng';
import { requiredStaff, type Contract, type Person, type Role, type Service, type Unit } from './service';
import { periodStaffing, shareBand, shortfall, shortfallBand, type Period, type WorkedSpan } from './staffing';
import type { ShareBand, ShortfallBand } from '../../src/model/settings';

export type Status = 'worked' | 'planned' | 'cancelled' | 'unfilled' | 'sickness';

export interface ShiftRow {
  start: number;
  end: number;
  staffId: string;
  role: Role;
  contract: Contract | '';
  status: Status;
  personId: string;
}

export interface ScoredPeriod extends Period {
  required: number;
  present: number;
  shortfall: number;
  shortfallBand: ShortfallBand;
  agencyShare: number | null;
  agencyBand: ShareBand;
}

/** Day-to-day state that makes staffing come in episodes rather than independent days. */
export interface UnitState {
  shortageDaysLeft: number;
  sicknessDaysLeft: number;
  agencyLevel: number;
  agencyDaysLeft: number;
  lastNightStaff: Set<string>;
}

export const newUnitState = (): UnitState => ({
  shortageDaysLeft: 0,
  sicknessDaysLeft: 0,
  agencyLevel: 0,
  agencyDaysLeft: 0,
  lastNightStaff: new Set(),
});

/** Chance per day a spell starts, and its length in days. */
const SHORTAGE_SPELL = { startChance: 0.05, minDays: 2, maxDays: 9 };
const SICKNESS_CLUSTER = { startChance: 0.035, minDays: 3, maxDays: 7 };
/** Agency regimes last one to four weeks; level = chance a worked line is agency. */
const AGENCY_LEVELS = { '0': 2.5, '0.15': 3.5, '0.35': 2.5, '0.65': 1.8 };
const MISSING_NORMAL = { '0': 0.89, '1': 0.08, '2': 0.03 };
const MISSING_SPELL = { '0': 0.15, '1': 0.3, '2': 0.33, '3': 0.22 };
const LONG_DAY_CHANCE = 0.2;
const EARLY_LEAVE_CHANCE = 0.012;

interface Slot {
  role: Role;
  personId: string;
  missing: boolean;
  contract: Contract;
  start: number;
  end: number;
  staffId: string;
  paired: boolean;
}

function advanceState(state: UnitState, rng: Rng): { inSpell: boolean; inSickness: boolean } {
  if (state.shortageDaysLeft > 0) state.shortageDaysLeft--;
  else if (rng.chance(SHORTAGE_SPELL.startChance)) state.shortageDaysLeft = rng.int(SHORTAGE_SPELL.minDays, SHORTAGE_SPELL.maxDays) - 1;
  else state.shortageDaysLeft = -1;
  if (state.sicknessDaysLeft > 0) state.sicknessDaysLeft--;
  else if (rng.chance(SICKNESS_CLUSTER.startChance)) state.sicknessDaysLeft = rng.int(SICKNESS_CLUSTER.minDays, SICKNESS_CLUSTER.maxDays) - 1;
  else state.sicknessDaysLeft = -1;
  if (state.agencyDaysLeft <= 0) {
    state.agencyLevel = Number(rng.weighted(AGENCY_LEVELS));
    state.agencyDaysLeft = rng.int(7, 28);
  }
  state.agencyDaysLeft--;
  return { inSpell: state.shortageDaysLeft >= 0, inSickness: state.sicknessDaysLeft >= 0 };
}

/** Does a commissioned window (HH:MM–HH:MM, blank = all day) overlap the period? */
function commissionedDuring(p: Person, period: Period): boolean {
  if (!p.from || !p.to) return true;
  const dayStart = period.day * MINUTES_PER_DAY;
  const from = dayStart + clockMinutes(p.from);
  const to = dayStart + clockMinutes(p.to);
  return Math.min(to, period.end) > Math.max(from, period.start);
}

class StaffPicker {
  readonly used = new Set<string>();
  constructor(
    private readonly unit: Unit,
    private readonly service: Service,
    private readonly agencyUsedToday: Set<string>,
    private readonly avoid: Set<string>,
    private readonly rng: Rng,
  ) {}

  private from(pool: readonly string[], avoidLastNight: boolean): string | null {
    if (pool.length === 0) return null;
    const ok = (id: string) => !this.used.has(id) && !this.agencyUsedToday.has(id) && !(avoidLastNight && this.avoid.has(id));
    // A few random probes first: the shared agency pool is large and mostly free.
    let id: string | null = null;
    for (let i = 0; i < 6 && id === null; i++) {
      const c = this.rng.pick(pool);
      if (ok(c)) id = c;
    }
    if (id === null) {
      const free = pool.filter(ok);
      if (free.length === 0) return null;
      id = this.rng.pick(free);
    }
    this.used.add(id);
    if (id.startsWith('A')) this.agencyUsedToday.add(id);
    return id;
  }

  /** A staff id of the contract and role; falls back to the shared agency pool when a pool is spent. */
  pick(contract: Contract, role: Role, avoidLastNight: boolean): { id: string; contract: Contract } {
    const s = this.unit.staff;
    let id: string | null = null;
    if (contract === 'permanent') id = this.from(s.permanent[role], avoidLastNight);
    else if (contract === 'bank') id = this.from(s.bank[role], avoidLastNight);
    else if (this.rng.chance(0.4)) id = this.from(s.agencyRegulars[role], avoidLastNight);
    if (id !== null) return { id, contract };
    const agencyRole: Role = role === 'Nurse' ? 'Nurse' : 'Support Worker';
    id = this.from(this.service.agencyPool[agencyRole], false);
    if (id === null) throw new Error(`agency pool exhausted on ${this.unit.name}`);
    return { id, contract: 'agency' };
  }
}

export interface RotaDay {
  rows: ShiftRow[];
  periods: ScoredPeriod[];
}

export function rotaDay(
  service: Service,
  unit: Unit,
  periods: readonly Period[],
  weekday: string,
  state: UnitState,
  agencyUsedToday: Set<string>,
  rng: Rng,
): RotaDay {
  const { inSpell, inSickness } = advanceState(state, rng);
  const day = periods[0]!.day;
  const onUnit = unit.people.filter((p) => p.firstDay <= day && day <= p.lastDay);
  const picker = new StaffPicker(unit, service, agencyUsedToday, state.lastNightStaff, rng);
  const rows: ShiftRow[] = [];
  const slotsByPeriod: Slot[][] = [];

  for (const period of periods) {
    const night = period.name === 'Night';
    const required = requiredStaff(unit, period.name, weekday);
    let missing = Number(rng.weighted(inSpell ? MISSING_SPELL : MISSING_NORMAL));
    if (inSickness && rng.chance(0.3)) missing++;
    missing = Math.min(missing, required - 1);
    const extra = missing === 0 && rng.chance(0.03) ? 1 : 0;

    const slots: Slot[] = [];
    for (let i = 0; i < required + extra; i++) {
      const role: Role = i === 0 ? 'Nurse' : i === 1 && !night ? 'Team Leader' : 'Support Worker';
      slots.push({ role, personId: '', missing: false, contract: 'permanent', start: period.start, end: period.end, staffId: '', paired: false });
    }
    // 1:1 and 2:1 allocations take support-worker lines from the end.
    let next = slots.length - 1;
    for (const p of onUnit) {
      if (!p.ratio || !commissionedDuring(p, period)) continue;
      for (let k = 0; k < (p.ratio === '2:1' ? 2 : 1) && next >= 0 && slots[next]!.role === 'Support Worker'; k++) {
        slots[next--]!.personId = p.id;
      }
    }
    // Missing lines are support workers first (allocated ones included: "2:1 is commissioned but
    // not delivered"), then the team leader; the nurse line is always filled.
    const sw = slots.filter((s) => s.role === 'Support Worker');
    const tl = slots.filter((s) => s.role === 'Team Leader');
    for (const s of rng.sample(sw, missing)) s.missing = true;
    if (missing > sw.length) for (const s of tl.slice(0, missing - sw.length)) s.missing = true;

    for (const s of slots) {
      if (s.missing) continue;
      const level = s.role === 'Nurse' ? state.agencyLevel * 0.6 : state.agencyLevel;
      if (s.role === 'Team Leader') s.contract = 'permanent';
      else if (rng.chance(level)) s.contract = 'agency';
      else if (rng.chance(0.12)) s.contract = 'bank';
    }
    slotsByPeriod.push(slots);
  }

  // Long days: a permanent worker on an Early line also takes a matching Late line, 07:00–23:00
  // or 07:00–19:00 (then a twilight 19:00–23:00 bank shift may cover the rest, or nobody does).
  const [early, late] = [slotsByPeriod[0] ?? [], slotsByPeriod[1] ?? []];
  const twilight: Slot[] = [];
  for (const e of early) {
    if (e.missing || e.contract !== 'permanent' || !rng.chance(LONG_DAY_CHANCE)) continue;
    const l = late.find((x) => !x.missing && !x.paired && x.contract === 'permanent' && x.role === e.role && x.personId === e.personId);
    if (!l) continue;
    l.paired = true;
    e.paired = true;
    if (rng.chance(0.45)) e.end = l.end;
    else {
      e.end = l.start + 4 * 60;
      if (rng.chance(0.7)) twilight.push({ ...l, contract: 'bank', start: e.end, paired: true });
    }
  }

  for (let i = 0; i < slotsByPeriod.length; i++) {
    const night = periods[i]!.name === 'Night';
    const avoidLastNight = !night;
    for (const s of slotsByPeriod[i]!) {
      if (s.paired && i === 1) continue; // carried by the long-day row
      if (s.missing) {
        const kind = rng.weighted({ unfilled: 0.5, sickness: 0.4, cancelled: 0.1 });
        if (kind === 'unfilled') {
          rows.push({ start: s.start, end: s.end, staffId: '', role: s.role, contract: '', status: 'unfilled', personId: s.personId });
        } else {
          const who = picker.pick(kind === 'sickness' ? 'permanent' : 'bank', s.role, false);
          rows.push({ start: s.start, end: s.end, staffId: who.id, role: s.role, contract: who.contract, status: kind, personId: s.personId });
        }
        continue;
      }
      // Cover for a permanent colleague off sick: the sickness line sits beside the worked one.
      if (s.contract !== 'permanent' && rng.chance(inSickness ? 0.5 : 0.03)) {
        const off = picker.pick('permanent', s.role, false);
        rows.push({ start: s.start, end: s.end, staffId: off.id, role: s.role, contract: off.contract, status: 'sickness', personId: s.personId });
      }
      const who = picker.pick(s.contract, s.role, avoidLastNight);
      let end = s.end;
      if (!s.paired && rng.chance(EARLY_LEAVE_CHANCE)) end = s.end - 4 * 60; // went home early
      rows.push({ start: s.start, end, staffId: who.id, role: s.role, contract: who.contract, status: 'worked', personId: s.personId });
    }
  }
  for (const s of twilight) {
    const who = picker.pick('bank', s.role, true);
    rows.push({ start: s.start, end: s.end, staffId: who.id, role: s.role, contract: who.contract, status: 'worked', personId: s.personId });
  }
  rows.sort((a, b) => a.start - b.start || a.end - b.end);

  state.lastNightStaff = new Set(rows.filter((r) => r.status === 'worked' && r.end > (day + 1) * MINUTES_PER_DAY).map((r) => r.staffId));
  const worked: WorkedSpan[] = rows
    .filter((r) => r.status === 'worked')
    .map((r) => ({ start: r.start, end: r.end, agency: r.contract === 'agency' }));
  const scored = periods.map((period): ScoredPeriod => {
    const required = requiredStaff(unit, period.name, weekday);
    const st = periodStaffing(period, worked);
    const sf = shortfall(required, st.present);
    return {
      ...period,
      required,
      present: st.present,
      shortfall: sf,
      shortfallBand: shortfallBand(sf),
      agencyShare: st.agencyShare,
      agencyBand: shareBand(st.agencyShare),
    };
  });
  return { rows, periods: scored };
}
