/**
 * The name a person likes to be called on their easy-read page. Kept in this browser's
 * localStorage only, keyed by the person's pseudonym: never in the workspace's files, the URL,
 * the full pack or any export. "Delete all data" clears localStorage with the rest (wipe.ts).
 */
const key = (pseudonym: string) => `pbs-lens:easy-read-name:${pseudonym}`;

export function readEasyReadName(pseudonym: string): string {
  try {
    return localStorage.getItem(key(pseudonym)) ?? '';
  } catch {
    return ''; // storage blocked: the page still works, the name is just not remembered
  }
}

export function writeEasyReadName(pseudonym: string, name: string): void {
  try {
    if (name.trim()) localStorage.setItem(key(pseudonym), name);
    else localStorage.removeItem(key(pseudonym));
  } catch {
    // storage blocked or full: the name lasts for this visit only
  }
}
