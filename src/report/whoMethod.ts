/**
 * The methods notes for "who was there" (analysis 10), written from the settings and the one
 * definition of the continuity bands (model/continuity.ts) the SQL reads: the Methods page and
 * the evidence pack's specialist section show them.
 */
import { CONTINUITY_BANDS, CONTINUITY_DAYS } from '../model/continuity';
import type { Settings } from '../model/settings';
import type { Note } from './method';


export function whoWasThereMethod(settings: Settings): Note[] {
  const fam = settings.familiarity;
  return [
    {
      id: 'who-matching',
      title: 'Matching staff named on incidents to the rota',
      text:
        'The staff involved column of the incidents file is split at ";" or "|". Each reference is matched to a staff id in the rota: exactly first, then ' +
        'ignoring case, spaces and punctuation (only when that leaves a single staff member). References matching nobody, or more than one staff member, ' +
        'are counted and left out, as are matched staff with no worked shift on the unit in the incident’s shift period; the same staff member named twice ' +
        'on one incident counts once. Incidents naming nobody are counted and said. Staff are never shown, named or ranked: only conditions are compared.',
    },
    {
      id: 'who-involvement',
      title: 'Involvements per staff-hour: agency and unfamiliar staff',
      text:
        'An involvement is one matched staff member named on one incident. It is an agency involvement when their worked shift on the unit in that period was ' +
        `agency, an unfamiliar one when that shift was by someone with fewer than ${fam.minShifts} worked shifts on the unit in the ${fam.windowDays} days before it ` +
        '(the same rule as the unfamiliar-staff share). Staff-hours are the worked hours of each group in the shift periods of the incidents in view, a period counted ' +
        'once for each incident in it (incidents naming nobody included): every incident is a chance for whoever was on shift to be named. The rate is involvements ' +
        'per 100 of those staff-hours; agency staff are compared with all other staff, unfamiliar with familiar staff. The rate ratio’s 95 % interval is exact: given ' +
        'the total of involvements, the agency count is binomial, its Clopper–Pearson interval turned into one for the ratio (as R’s poisson.test). The same ratio over ' +
        'the staff-hours of every shift period in view is also given; it mixes in how much more often incidents happen in periods with more of these staff. ' +
        'A worked shift with no staff id counts as unfamiliar (as in the unfamiliar share) but can never be matched to a name on an incident.',
    },
    {
      id: 'who-allocation',
      title: 'Allocated 1:1 and 2:1 staff',
      text:
        'For people with a commissioned ratio, the worked rota shifts carrying their person id are their allocated staff. Incidents during an allocated agency ' +
        '(unfamiliar) shift, per allocated agency (unfamiliar) staff-hour, are compared with incidents during the other allocated shifts per their staff-hours, ' +
        'with an exact rate ratio. With 2:1, an incident during two allocated shifts counts on each.',
    },
    {
      id: 'who-continuity',
      title: 'Staff continuity',
      text:
        `The number of different staff who worked a shift on the person’s unit in the ${CONTINUITY_DAYS} days before a shift period’s date. The whole unit’s staff ` +
        'are counted, not only allocated staff: allocations exist only for people with 1:1 or 2:1 staffing, everyone else is supported by the whole team, so one ' +
        'measure serves every person. Bands are thirds of each unit’s own days (a large unit’s many staff are not taken for poor continuity): ' +
        CONTINUITY_BANDS.map((b) => `${b.label}: placed up to ${Math.round(b.upTo * 100)} %`).join('; ') +
        '. A day’s place is the share of the unit’s days with fewer different staff plus half the share with as many. Days without 7 days of rota before them have ' +
        'no band. Rates are incidents per 100 person-periods with exact Poisson intervals; least against most continuity is an exact rate ratio. The easy-read ' +
        'page says "When [name] did not know the staff, there were more hard times" only when that ratio’s interval lies above 1.',
    },
    {
      id: 'who-caveats',
      title: 'What who-was-there cannot say',
      text:
        'Agency staff are known to be left out of incident reports, so their involvement may be under-counted. Who is named depends on who writes the form; being ' +
        'named means being there, not being a cause. These are associations, not proof of cause.',
    },
  ];
}
