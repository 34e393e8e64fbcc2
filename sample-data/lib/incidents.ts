/**
 * Incidents and restrictive interventions. Each person-period draws
 * Poisson(base × shift × weekday × RR_shortfall[band] × RR_agency[band]) incidents, placed
 * uniformly (to the minute) within the period; each incident ends in a restrictive intervention
 * with a probability that depends only on whether the period was short.
 */
import { PLANTED, RESTRAINT_RISK } from '../effects';
import type { Rng } from './prng';
import type { Behaviour, Person } from './service';
import type { ScoredPeriod, ShiftRow } from './rota';

export interface InterventionDraft {
  type: string;
  reason: string;
  start: number;
  /** Minutes; recorded either as an end time or as a duration (or neither, for medication). */
  minutes: number | null;
  recordEnd: boolean;
  injuryPerson: boolean;
  injuryStaff: boolean;
}

export interface IncidentDraft {
  minute: number;
  personId: string;
  unit: string;
  behaviour: Behaviour;
  severity: number;
  antecedent: string;
  consequence: string;
  injuryPerson: boolean;
  injuryStaff: boolean;
  staffInvolved: string[];
  description: string;
  interventions: InterventionDraft[];
}

/** Expected incidents for a person in a period under the planted model. */
export function incidentMean(person: Person, period: ScoredPeriod, weekday: keyof typeof PLANTED.weekdayEffect): number {
  const shift = PLANTED.shiftEffect[period.name];
  if (shift === undefined) throw new Error(`no planted shift effect for ${period.name}`);
  return (
    person.baseRate *
    shift *
    PLANTED.weekdayEffect[weekday] *
    PLANTED.shortfallRateRatio[period.shortfallBand] *
    PLANTED.agencyRateRatio[period.agencyBand]
  );
}

const ANTECEDENT_TEXT: Record<string, string> = {
  'demand placed': 'being asked to get ready',
  transition: 'a change of room and activity',
  waiting: 'a long wait for a meal',
  noise: 'noise on the unit',
  'unfamiliar staff': 'support from staff not known to them',
  'activity cancelled': 'a planned activity being cancelled',
  'denied item': 'being told an item was not available',
};

const BEHAVIOUR_TEXT: Record<Behaviour, readonly string[]> = {
  'physical aggression': ['hit out at staff', 'pushed and kicked staff', "grabbed a staff member's arm"],
  'self-injury': ['hit own head', 'bit own hand', 'banged head against the wall'],
  'property damage': ['threw a chair', 'broke a cup, then a plate', 'pulled a wardrobe door off'],
  'verbal aggression': ['shouted and swore at staff', 'shouted "go away" repeatedly', 'screamed, then cried'],
  'absconding attempt': ['tried to leave through the garden gate', 'ran towards the main door', 'climbed the garden fence'],
};

const CONSEQUENCES = {
  calm: ['verbal de-escalation', 'offered space and time', 'redirected to a preferred activity', 'sensory support offered', 'staff stepped back and observed'],
  restrictive: ['restrictive intervention used; debrief offered', 'restrictive intervention used; post-incident support given'],
} as const;

const SEVERITY_WEIGHTS = { '1': 0.45, '2': 0.35, '3': 0.15, '4': 0.05 };

/** MHSDS RestrictiveIntType codes (and PRN) for the first intervention after an incident. */
const FIRST_INTERVENTION = { '07': 24, '11': 18, '10': 12, '09': 10, '01': 3, '08': 4, '05': 7, '14': 4, '16': 8, PRN: 10 };
const FOLLOW_ON = { PRN: 4, '16': 2, '05': 2, '14': 1 };
const PHYSICAL = new Set(['01', '07', '08', '09', '10', '11']);
const REASON_BY_BEHAVIOUR: Record<Behaviour, Record<string, number>> = {
  'physical aggression': { '10': 0.9, '17': 0.08, '99': 0.02 },
  'self-injury': { '11': 0.9, '12': 0.08, '99': 0.02 },
  'property damage': { '17': 0.75, '10': 0.2, '98': 0.05 },
  'verbal aggression': { '17': 0.6, '98': 0.3, '10': 0.1 },
  'absconding attempt': { '19': 0.85, '17': 0.15 },
};

function durationMinutes(type: string, rng: Rng): number | null {
  const u = rng.next();
  if (type === '01') return 1 + Math.floor(u * 5); // prone: short, and a red flag
  if (PHYSICAL.has(type)) return 2 + Math.floor(u * u * 28);
  if (type === '05') return 45 + Math.floor(u * u * 540);
  return null; // medication: given, not held
}

function intervention(type: string, behaviour: Behaviour, start: number, rng: Rng): InterventionDraft {
  const minutes = durationMinutes(type, rng);
  const physical = PHYSICAL.has(type);
  return {
    type,
    reason: rng.weighted(REASON_BY_BEHAVIOUR[behaviour]),
    start,
    minutes,
    recordEnd: minutes !== null && rng.chance(0.5),
    injuryPerson: physical && rng.chance(0.06),
    injuryStaff: physical && rng.chance(0.05),
  };
}

/** Staff on shift at the minute; agency staff are left out of reports more often, as in life. */
function staffAt(minute: number, rows: readonly ShiftRow[], rng: Rng): string[] {
  const on = rows.filter((r) => r.status === 'worked' && r.start <= minute && minute < r.end);
  const named = rng.sample(on, rng.int(1, 3)).filter((r) => r.contract !== 'agency' || rng.chance(0.5));
  return named.map((r) => r.staffId);
}

/**
 * The planted ABC pattern, drawn from its own stream (`abcRng`) after the incident's other draws,
 * so planting it changes only the antecedent, the consequence and the description built from them:
 * every other column, and every row count, stays as the main stream drew it. Physical aggression
 * follows a demand with one probability, every other behaviour with another (the rest of the
 * antecedents keep their context-leaning weights); the demand is withdrawn with a probability that
 * depends only on whether the antecedent was a demand (whatever else followed).
 */
export function plantAbc(
  behaviour: Behaviour,
  otherWeights: Readonly<Record<string, number>>,
  recordedConsequence: string,
  abcRng: Rng,
): { antecedent: string; consequence: string } {
  const abc = PLANTED.abc;
  const pDemand = behaviour === 'physical aggression' ? abc.demandGivenPhysicalAggression : abc.demandGivenOtherBehaviour;
  const antecedent = abcRng.chance(pDemand) ? DEMAND : abcRng.weighted(otherWeights);
  const pWithdrawn = antecedent === DEMAND ? abc.withdrawnGivenDemand : abc.withdrawnGivenOtherAntecedent;
  return { antecedent, consequence: abcRng.chance(pWithdrawn) ? abc.withdrawnText : recordedConsequence };
}

const DEMAND = 'demand placed';

export function incidentsForPeriod(
  person: Person,
  period: ScoredPeriod,
  weekday: keyof typeof PLANTED.weekdayEffect,
  rows: readonly ShiftRow[],
  rng: Rng,
  abcRng: Rng,
): IncidentDraft[] {
  const n = rng.poisson(incidentMean(person, period, weekday));
  const out: IncidentDraft[] = [];
  const short = period.shortfallBand !== 'none';
  for (let i = 0; i < n; i++) {
    const minute = period.start + Math.floor(rng.next() * (period.end - period.start));
    const behaviour = rng.weighted(person.behaviours);
    const severity = Number(rng.weighted(SEVERITY_WEIGHTS));
    const otherAntecedents = {
      transition: 2.5,
      waiting: short ? 4 : 1.5,
      noise: 2,
      'unfamiliar staff': period.agencyBand === 'none' ? 0.3 : 2.5,
      'activity cancelled': short ? 3 : 0.7,
      'denied item': 2,
    };
    // Drawn and set aside: the main stream keeps its draws (plantAbc chooses the antecedent).
    rng.weighted({ [DEMAND]: 3, ...otherAntecedents });
    const interventions: InterventionDraft[] = [];
    if (rng.chance(short ? RESTRAINT_RISK.withShortfall : RESTRAINT_RISK.withoutShortfall)) {
      const first = intervention(rng.weighted(FIRST_INTERVENTION), behaviour, minute + rng.int(0, 10), rng);
      interventions.push(first);
      if (PHYSICAL.has(first.type) && rng.chance(0.25)) {
        const type = rng.weighted(FOLLOW_ON);
        interventions.push(intervention(type, behaviour, first.start + (first.minutes ?? 0) + rng.int(1, 15), rng));
      }
    }
    const what = rng.pick(BEHAVIOUR_TEXT[behaviour]);
    const recorded = rng.pick(interventions.length > 0 ? CONSEQUENCES.restrictive : CONSEQUENCES.calm);
    const { antecedent, consequence } = plantAbc(behaviour, otherAntecedents, recorded, abcRng);
    out.push({
      minute,
      personId: person.id,
      unit: person.unit,
      behaviour,
      severity,
      antecedent,
      consequence,
      injuryPerson: rng.chance(behaviour === 'self-injury' ? 0.08 * severity : 0.03),
      injuryStaff: rng.chance(behaviour === 'physical aggression' ? 0.06 * severity : 0.01),
      staffInvolved: staffAt(minute, rows, rng),
      description: `Distressed after ${ANTECEDENT_TEXT[antecedent]}; ${what}.`,
      interventions,
    });
  }
  return out;
}
