import type { Connector } from '../../../src/db/connector';
import type { FileKind } from '../../../src/ingest/canonical';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { enc } from './db';

/** Load canonical CSV texts into the database; throws if any row is rejected (fixtures are clean). */
export async function loadFixture(db: Connector, files: Partial<Record<FileKind, string>>): Promise<void> {
  let id = 1;
  for (const [kind, text] of Object.entries(files) as [FileKind, string][]) {
    const report = await loadDelimitedFile(db, { importId: id++, fileName: `${kind}.csv`, data: enc(text), kind });
    if (report.error || report.rejected > 0) {
      throw new Error(`fixture ${kind} not clean: ${report.error ?? JSON.stringify(report.rejects)}`);
    }
  }
}
