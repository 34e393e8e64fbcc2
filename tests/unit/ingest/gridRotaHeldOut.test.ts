/** The two layouts kept out of development (grid/heldOut.ts), checked once the parser was done. */
import { describe, it } from 'vitest';
import { HELD_OUT_CASES } from './grid/heldOut';
import { checkCase } from './grid/check';

describe('grid rotas: held-out layouts', () => {
  for (const c of HELD_OUT_CASES) it(c.name, () => checkCase(c));
});
