/**
 * What every download passes through: with pseudonyms on (real names not shown), each person id
 * and real name in a table or result is replaced by the pseudonym (report/pseudonymise). App
 * provides it; ExportButtons and the evidence pack use it.
 */
import { createContext } from 'react';

export type Scrub = <T>(value: T) => Promise<T>;

export interface ExportPrivacy {
  /** "Show real names on this computer" is ticked: downloads keep what the page shows. */
  namesShown: boolean;
  /** Ids and names → pseudonyms. */
  pseudonymise: Scrub;
}

export const ExportScrub = createContext<ExportPrivacy>({ namesShown: false, pseudonymise: async (value) => value });
