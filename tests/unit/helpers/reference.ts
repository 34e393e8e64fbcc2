import path from 'node:path';

/**
 * The public code lists of shared/reference, as a verbatim copy in tests/fixtures/reference: tests
 * read only files in the repository, so a bare clone runs them. `node scripts/check-reference.mjs`
 * compares the copy with shared/ where a checkout has it beside the repo.
 */
export const COPIED_REFERENCE_DIR = path.resolve(__dirname, '../../fixtures/reference');

export function referenceFile(name: string): string {
  return path.join(COPIED_REFERENCE_DIR, name);
}
