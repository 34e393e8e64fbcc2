/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

/** Bands run from the reference (blue) to the worst condition (vermillion). */
export const SHORTFALL_COLOURS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.vermillion];
export const SHARE_COLOURS = [OKABE_ITO.blue, OKABE_ITO.skyBlue, OKABE_ITO.orange, OKABE_ITO.vermillion];

/**
 * Kinds of restrictive intervention: vermillion for physical restraint, the red flag. "Other" is a
 * dark slate: the lighter grey it was (#9aa5b1) looked the same as chemical's reddish purple with
 * deuteranopia (ΔE*ab 3.9 after Machado et al. 2009's simulation; dark slate's nearest, chemical with
 * protanopia, is 19: tests/unit/ui/palette-cvd.test.ts).
 */
export const INTERVENTION_COLOURS = {
  physical: OKABE_ITO.vermillion,
  mechanical: OKABE_ITO.black,
  seclusion: OKABE_ITO.blue,
  segregation: OKABE_ITO.skyBlue,
  chemical: OKABE_ITO.reddishPurple,
  prn: OKABE_ITO.orange,
  other: '#52606d',
} as const;

/** Incidents by severity, 1 (no harm) to 5 (death), then not recorded: stacked in this order, as the legend lists them. */
export const SEVERITY_COLOURS = [OKABE_ITO.skyBlue, OKABE_ITO.bluishGreen, OKABE_ITO.yellow, OKABE_ITO.orange, OKABE_ITO.vermillion, '#9aa5b1'] as const;
