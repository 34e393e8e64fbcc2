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

/** Kinds of restrictive intervention: vermillion for physical restraint, the red flag. */
export const INTERVENTION_COLOURS = {
  physical: OKABE_ITO.vermillion,
  mechanical: OKABE_ITO.black,
  seclusion: OKABE_ITO.blue,
  segregation: OKABE_ITO.skyBlue,
  chemical: OKABE_ITO.reddishPurple,
  prn: OKABE_ITO.orange,
  other: '#9aa5b1',
} as const;
