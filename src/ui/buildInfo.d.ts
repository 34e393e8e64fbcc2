/** Made by scripts/snapshotPlugin.ts at build (and by the dev server, without the sample snapshot). */
declare module 'virtual:pbs-lens-build' {
  /** package.json's version. */
  export const APP_VERSION: string;
  /** A hash of the source files that define what an import and the model hold. */
  export const DEFINITIONS_HASH: string;
  /** The sample service's prebuilt database snapshot (null on the dev server). */
  export const SAMPLE_SNAPSHOT_URL: string | null;
}
