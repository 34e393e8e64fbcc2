import fs from 'node:fs';
import path from 'node:path';

/**
 * The public code lists of shared/reference. CI and a developer's machine have shared/ beside
 * the repo; a bare clone does not, so a verbatim copy lives in tests/fixtures/reference
 * (tests/unit/ingest/mhsds.test.ts checks the copy still equals shared/ where both exist).
 */
export const SHARED_REFERENCE_DIR = path.resolve(__dirname, '../../../../shared/reference');
export const COPIED_REFERENCE_DIR = path.resolve(__dirname, '../../fixtures/reference');

export function referenceFile(name: string): string {
  const shared = path.join(SHARED_REFERENCE_DIR, name);
  return fs.existsSync(shared) ? shared : path.join(COPIED_REFERENCE_DIR, name);
}
