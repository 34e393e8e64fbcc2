import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';

export const enc = (text: string) => new TextEncoder().encode(text);

/** A fresh in-memory database per test file; closed by the caller. */
export async function freshDb(): Promise<Connector> {
  return openNodeDatabase();
}
