/**
 * The made-up service: units, the people living on them, what staffing each unit requires and
 * the staff pools its rota draws on. The default service is hand-written (Oak and Willow); larger
 * services repeat the same unit templates with generated people.
 */
import { Calendar } from './calendar';
import { PLANTED } from '../effects';
import type { Rng } from './prng';

export const BEHAVIOURS = [
  'physical aggression',
  'self-injury',
  'property damage',
  'verbal aggression',
  'absconding attempt',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export type Role = 'Nurse' | 'Team Leader' | 'Support Worker';
export type Contract = 'permanent' | 'bank' | 'agency';
export type Ratio = '' | '1:1' | '2:1';

export interface Strategy {
  name: string;
  /** Weekdays (Mon = 0) it is planned on; all days when absent. */
  days?: readonly number[];
}

export interface Person {
  id: string;
  name: string;
  unit: string;
  admitted: string;
  discharged: string;
  ratio: Ratio;
  /** Commissioned hours, HH:MM; blank = all day. */
  from: string;
  to: string;
  readyForDischarge: string;
  /** Incidents per person-period before the shift, weekday and staffing effects. */
  baseRate: number;
  behaviours: Record<Behaviour, number>;
  strategies: Strategy[];
  /** Day indexes of the first and last day on the unit, clipped to the calendar. */
  firstDay: number;
  lastDay: number;
}

export interface Requirement {
  shift: string;
  required: number;
  /** Mon…Sun, or '' for every day. */
  weekday: string;
}

export interface StaffPools {
  permanent: Record<Role, string[]>;
  bank: Record<Role, string[]>;
  /** Agency workers block-booked to this unit (they become familiar). */
  agencyRegulars: Record<Role, string[]>;
}

export interface Unit {
  name: string;
  requirements: Requirement[];
  people: Person[];
  staff: StaffPools;
}

export interface Service {
  units: Unit[];
  people: Person[];
  /** Agency workers shared by all units: most appear rarely, so they are unfamiliar. */
  agencyPool: Record<Role, string[]>;
}

type Stay = 'long' | 'admittedMid' | 'dischargedMid';
interface PersonTemplate {
  ratio: Ratio;
  from?: string;
  to?: string;
  stay: Stay;
  ready?: boolean;
}
interface UnitTemplate {
  requirements: Requirement[];
  people: PersonTemplate[];
}

const req = (shift: string, required: number, weekday = ''): Requirement => ({ shift, required, weekday });

export const UNIT_TEMPLATES = {
  oak: {
    requirements: [req('Early', 6), req('Late', 6), req('Night', 3)],
    people: [
      { ratio: '2:1', from: '08:00', to: '22:00', stay: 'long' },
      { ratio: '1:1', stay: 'long', ready: true },
      { ratio: '1:1', stay: 'long' },
      { ratio: '', stay: 'dischargedMid' },
    ],
  },
  willow: {
    // Weekend lates carry an extra worker for community outings.
    requirements: [req('Early', 4), req('Late', 4), req('Night', 2), req('Late', 5, 'Sat'), req('Late', 5, 'Sun')],
    people: [
      { ratio: '1:1', stay: 'long', ready: true },
      { ratio: '', stay: 'long' },
      { ratio: '', stay: 'long' },
      { ratio: '1:1', from: '08:00', to: '20:00', stay: 'admittedMid' },
    ],
  },
  /** A ten-bed high-dependency unit for the large preset: everyone on 1:1 or 2:1. */
  highDependency: {
    requirements: [req('Early', 20), req('Late', 20), req('Night', 14)],
    people: [
      { ratio: '2:1', stay: 'long' },
      { ratio: '2:1', stay: 'long', ready: true },
      { ratio: '2:1', stay: 'long' },
      { ratio: '1:1', stay: 'long' },
      { ratio: '1:1', stay: 'long' },
      { ratio: '1:1', stay: 'long', ready: true },
      { ratio: '1:1', stay: 'long' },
      { ratio: '1:1', stay: 'admittedMid' },
      { ratio: '', stay: 'long' },
      { ratio: '', stay: 'dischargedMid' },
    ],
  },
} satisfies Record<string, UnitTemplate>;
export type UnitTemplateName = keyof typeof UNIT_TEMPLATES;

export const STRATEGIES: readonly Strategy[] = [
  { name: 'Morning walk' },
  { name: 'Sensory session' },
  { name: 'Visual schedule review' },
  { name: 'Community outing', days: [1, 3, 5] },
  { name: 'Cooking session', days: [0, 2, 4] },
  { name: 'Music session' },
  { name: 'Swimming', days: [2, 6] },
  { name: 'Quiet time in the garden' },
  { name: 'Choice board at breakfast' },
  { name: 'Phone call with family', days: [6] },
];
const strategy = (name: string): Strategy => {
  const s = STRATEGIES.find((x) => x.name === name);
  if (!s) throw new Error(`unknown strategy ${name}`);
  return s;
};

const profile = (pa: number, si: number, pd: number, va: number, ab: number): Record<Behaviour, number> => ({
  'physical aggression': pa,
  'self-injury': si,
  'property damage': pd,
  'verbal aggression': va,
  'absconding attempt': ab,
});

/** The hand-written people of Oak and Willow: the default sample everyone reads. */
const NAMED_PEOPLE: Omit<Person, 'id' | 'unit' | 'ratio' | 'from' | 'to' | 'firstDay' | 'lastDay'>[] = [
  {
    name: 'Daniel Okafor',
    admitted: '2019-03-11',
    discharged: '',
    readyForDischarge: '',
    baseRate: 0.11,
    behaviours: profile(5, 1, 3, 2, 1),
    strategies: ['Morning walk', 'Sensory session', 'Visual schedule review', 'Community outing', 'Swimming'].map(strategy),
  },
  {
    name: 'Zoë Hartley',
    admitted: '2021-07-26',
    discharged: '',
    readyForDischarge: '2024-11-04',
    baseRate: 0.085,
    behaviours: profile(1, 5, 1, 2, 0.5),
    strategies: ['Sensory session', 'Music session', 'Choice board at breakfast', 'Phone call with family'].map(strategy),
  },
  {
    name: 'Aaron Mistry',
    admitted: '2023-02-13',
    discharged: '',
    readyForDischarge: '',
    baseRate: 0.065,
    behaviours: profile(2, 1, 2, 4, 2),
    strategies: ['Morning walk', 'Cooking session', 'Visual schedule review'].map(strategy),
  },
  {
    name: 'Megan Price',
    admitted: '2022-10-03',
    discharged: '2025-09-12',
    readyForDischarge: '',
    baseRate: 0.1,
    behaviours: profile(3, 2, 2, 3, 1),
    strategies: ['Quiet time in the garden', 'Sensory session', 'Community outing', 'Music session'].map(strategy),
  },
  {
    name: "Siobhán O'Neill",
    admitted: '2020-05-18',
    discharged: '',
    readyForDischarge: '2025-03-31',
    baseRate: 0.095,
    behaviours: profile(2, 4, 2, 1, 0.5),
    strategies: ['Morning walk', 'Sensory session', 'Swimming', 'Choice board at breakfast', 'Phone call with family'].map(strategy),
  },
  {
    name: 'Kwame Mensah',
    admitted: '2024-08-19',
    discharged: '',
    readyForDischarge: '',
    baseRate: 0.045,
    behaviours: profile(2, 0.5, 3, 3, 1),
    strategies: ['Cooking session', 'Community outing', 'Visual schedule review'].map(strategy),
  },
  {
    name: 'Tomasz Nowak',
    admitted: '2023-11-06',
    discharged: '',
    readyForDischarge: '',
    baseRate: 0.035,
    behaviours: profile(1, 1, 1, 4, 3),
    strategies: ['Morning walk', 'Music session', 'Quiet time in the garden', 'Community outing'].map(strategy),
  },
  {
    name: 'Leah Whitfield',
    admitted: '2025-05-19',
    discharged: '',
    readyForDischarge: '',
    baseRate: 0.12,
    behaviours: profile(3, 3, 2, 1, 2),
    strategies: ['Sensory session', 'Visual schedule review', 'Quiet time in the garden', 'Swimming'].map(strategy),
  },
];

const UNIT_NAMES = [
  'Oak', 'Willow', 'Ash', 'Birch', 'Cedar', 'Elm', 'Hazel', 'Holly', 'Juniper', 'Larch',
  'Maple', 'Rowan', 'Yew', 'Alder', 'Beech', 'Cherry', 'Hawthorn', 'Linden', 'Poplar', 'Spruce',
  'Aspen', 'Chestnut', 'Cypress', 'Fir', 'Hornbeam', 'Laurel', 'Magnolia', 'Myrtle', 'Pine', 'Sycamore',
  'Acacia', 'Blackthorn', 'Elder', 'Ginkgo', 'Olive', 'Plane', 'Redwood', 'Sequoia', 'Walnut', 'Whitebeam',
];
export function unitName(i: number): string {
  const base = UNIT_NAMES[i % UNIT_NAMES.length] as string;
  const round = Math.floor(i / UNIT_NAMES.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

const FIRST_NAMES = [
  'Amira', 'Ben', 'Chloé', 'Callum', 'Dev', 'Ellie', 'Femi', 'Grace', 'Harvey', 'Imogen', 'Jamal',
  'Katie', 'Liam', 'Łukasz', 'Maya', 'Noah', 'Aoife', 'Oliver', 'Priya', 'Reece', 'Renée', 'Sam',
  'Tariq', 'Una', 'Vikram', 'Wren', 'Yusuf', 'Zara', 'José', 'Ffion', 'Rhys', 'Niamh', 'Kai',
];
const SURNAMES = [
  'Adeyemi', 'Bennett', 'Chowdhury', 'Davies', 'Evans', 'Fletcher', 'Gallagher', 'Hughes', 'Iqbal',
  'Jones', 'Kowalski', 'Lewis', 'McCarthy', 'Nwosu', 'Owusu', 'Patel', 'Quinn', 'Robinson', 'Shah',
  'Taylor', 'Underwood', 'Vaughan', 'Walsh', 'Young', 'Brontë', "O'Brien", 'Szabó', 'Nguyen',
];

export interface ServiceOptions {
  /** Unit templates in order; unit i uses templates[i]. */
  templates: readonly UnitTemplateName[];
  /** Multiplies every base rate (the large preset uses it to reach its incident volume). */
  rateScale: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function clampDays(cal: Calendar, admitted: string, discharged: string): { firstDay: number; lastDay: number } {
  return {
    firstDay: Math.max(0, cal.dayOf(admitted)),
    lastDay: Math.min(cal.days - 1, discharged ? cal.dayOf(discharged) : cal.days - 1),
  };
}

function generatedStay(cal: Calendar, stay: Stay, rng: Rng): { admitted: string; discharged: string } {
  const days = cal.days;
  switch (stay) {
    case 'long':
      return { admitted: cal.date(-rng.int(60, 2600)), discharged: '' };
    case 'admittedMid':
      return { admitted: cal.date(rng.int(Math.floor(days * 0.2), Math.floor(days * 0.6))), discharged: '' };
    case 'dischargedMid':
      return { admitted: cal.date(-rng.int(60, 1500)), discharged: cal.date(rng.int(Math.floor(days * 0.5), Math.floor(days * 0.9))) };
  }
}

function generatedName(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`;
    if (!taken.has(name)) return name;
    // Once the short lists run out, a middle initial keeps names distinct.
    const initial = String.fromCharCode(65 + rng.int(0, 25));
    const longer = `${rng.pick(FIRST_NAMES)} ${initial}. ${rng.pick(SURNAMES)}`;
    if (!taken.has(longer)) return longer;
  }
}

function generatedStrategies(rng: Rng): Strategy[] {
  return rng.sample(STRATEGIES, rng.int(3, 5));
}

function generatedProfile(rng: Rng): Record<Behaviour, number> {
  return profile(rng.int(0, 5) + 0.5, rng.int(0, 5) + 0.5, rng.int(0, 4) + 0.5, rng.int(0, 4) + 0.5, rng.int(0, 2) + 0.3);
}

/** Staff a unit needs on a typical day, by role: sizes its permanent and bank pools. */
function dailySlots(t: UnitTemplate): Record<Role, number> {
  let all = 0;
  for (const shift of ['Early', 'Late', 'Night']) {
    const r = t.requirements.filter((x) => x.shift === shift).reduce((m, x) => Math.max(m, x.required), 0);
    all += r;
  }
  return { Nurse: 3, 'Team Leader': 2, 'Support Worker': Math.max(0, all - 5) };
}

export function buildService(cal: Calendar, opts: ServiceOptions, rng: Rng): Service {
  const personCount = opts.templates.reduce((n, t) => n + UNIT_TEMPLATES[t].people.length, 0);
  const personWidth = Math.max(3, String(personCount).length);
  const names = new Set<string>(NAMED_PEOPLE.map((p) => p.name));
  const units: Unit[] = [];
  const people: Person[] = [];

  // Pool sizes first, so staff ids can share one width across units.
  const roles: Role[] = ['Nurse', 'Team Leader', 'Support Worker'];
  const sizes = opts.templates.map((t) => {
    const d = dailySlots(UNIT_TEMPLATES[t]);
    const perm = (r: Role) => Math.ceil((d[r] * 7) / 4.2) + 2;
    return {
      permanent: { Nurse: perm('Nurse'), 'Team Leader': perm('Team Leader'), 'Support Worker': perm('Support Worker') },
      bank: { Nurse: 2, 'Team Leader': 0, 'Support Worker': Math.ceil(d['Support Worker'] * 0.6) + 2 },
      agencyRegulars: { Nurse: 1, 'Team Leader': 0, 'Support Worker': 2 + Math.floor(d['Support Worker'] / 8) },
    };
  });
  const total = (k: 'permanent' | 'bank' | 'agencyRegulars') =>
    sizes.reduce((n, s) => n + roles.reduce((m, r) => m + s[k][r], 0), 0);
  const agencyShared = { Nurse: opts.templates.length * 8, 'Team Leader': 0, 'Support Worker': opts.templates.length * 40 };
  const width = Math.max(3, String(Math.max(total('permanent'), total('bank'), total('agencyRegulars') + agencyShared.Nurse + agencyShared['Support Worker'])).length);
  const counters = { S: 0, B: 0, A: 0 };
  const ids = (prefix: 'S' | 'B' | 'A', n: number): string[] =>
    Array.from({ length: n }, () => `${prefix}${pad(++counters[prefix], width)}`);
  const pool = (prefix: 'S' | 'B' | 'A', n: Record<Role, number>): Record<Role, string[]> => ({
    Nurse: ids(prefix, n.Nurse),
    'Team Leader': ids(prefix, n['Team Leader']),
    'Support Worker': ids(prefix, n['Support Worker']),
  });

  opts.templates.forEach((templateName, u) => {
    const template = UNIT_TEMPLATES[templateName];
    const name = unitName(u);
    const size = sizes[u]!;
    const unit: Unit = {
      name,
      requirements: template.requirements,
      people: [],
      staff: {
        permanent: pool('S', size.permanent),
        bank: pool('B', size.bank),
        agencyRegulars: pool('A', size.agencyRegulars),
      },
    };
    template.people.forEach((pt: PersonTemplate, k) => {
      const id = `P${pad(people.length + 1, personWidth)}`;
      const named = u < 2 && templateName !== 'highDependency' ? NAMED_PEOPLE[u * 4 + k] : undefined;
      let person: Person;
      if (named) {
        person = {
          ...named,
          id,
          unit: name,
          ratio: pt.ratio,
          from: pt.from ?? '',
          to: pt.to ?? '',
          baseRate: named.baseRate * opts.rateScale,
          ...clampDays(cal, named.admitted, named.discharged),
        };
      } else {
        const stay = generatedStay(cal, pt.stay, rng);
        const nm = generatedName(rng, names);
        names.add(nm);
        const base = PLANTED.baseRate.min + rng.next() * (PLANTED.baseRate.max - PLANTED.baseRate.min);
        const ready = pt.ready ? cal.date(rng.int(-400, Math.floor(cal.days * 0.8))) : '';
        person = {
          id,
          name: nm,
          unit: name,
          admitted: stay.admitted,
          discharged: stay.discharged,
          ratio: pt.ratio,
          from: pt.from ?? '',
          to: pt.to ?? '',
          readyForDischarge: ready && ready > stay.admitted ? ready : '',
          baseRate: Math.round(base * 1000) / 1000 * opts.rateScale,
          behaviours: generatedProfile(rng),
          strategies: generatedStrategies(rng),
          ...clampDays(cal, stay.admitted, stay.discharged),
        };
      }
      unit.people.push(person);
      people.push(person);
    });
    units.push(unit);
  });

  const agencyPool = pool('A', agencyShared);
  return { units, people, agencyPool };
}

/** Staff required on a unit for a shift on a weekday: a weekday row overrides the every-day row. */
export function requiredStaff(unit: Unit, shift: string, weekday: string): number {
  let any: number | null = null;
  for (const r of unit.requirements) {
    if (r.shift !== shift) continue;
    if (r.weekday === weekday) return r.required;
    if (r.weekday === '') any = r.required;
  }
  if (any === null) throw new Error(`no requirement for ${unit.name} ${shift}`);
  return any;
}
