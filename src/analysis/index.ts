/**
 * Every analysis the headless report runs, by its JSON key. Each takes the same context and
 * returns plain data; the browser pages call the same functions. Add a line here for a new one.
 */
import type { Connector } from '../db/connector';
import type { Settings } from '../model/settings';
import type { Filters } from './types';
import { restrictivePracticeAnalysis } from './restrictivePractice';
import { planDeliveryAnalysis } from './planDelivery';
import { commissionedAnalysis } from './commissioned';
import { dataQualityAnalysis } from './dataQuality';
import { whenAnalysis } from './when';
import { overTimeAnalysis } from './overTime';
import { personStoryAnalysis } from './personStory';
import { whatIfAnalysis } from './whatIf';
import { staffInvolvementAnalysis } from './staffInvolvement';

export interface AnalysisContext {
  db: Connector;
  filters: Filters;
  settings: Settings;
}

export type Analysis = (ctx: AnalysisContext) => Promise<unknown>;

/** Analyses 2–9 of the BRIEF, keyed as in the report JSON (the staffing analysis has its own top-level keys). */
export const REPORT_ANALYSES: Record<string, Analysis> = {
  restrictivePractice: ({ db, filters, settings }) => restrictivePracticeAnalysis(db, filters, settings),
  planDelivery: ({ db, filters, settings }) => planDeliveryAnalysis(db, filters, settings),
  commissionedVsDelivered: ({ db, filters, settings }) => commissionedAnalysis(db, filters, settings),
  dataQuality: ({ db, filters, settings }) => dataQualityAnalysis(db, filters, settings),
  when: ({ db, filters, settings }) => whenAnalysis(db, filters, settings),
  overTime: ({ db, filters, settings }) => overTimeAnalysis(db, filters, settings),
  personStory: ({ db, filters, settings }) => personStoryAnalysis(db, filters, settings),
  whatIf: ({ db, filters, settings }) => whatIfAnalysis(db, filters, settings),
  staffInvolvement: ({ db, filters, settings }) => staffInvolvementAnalysis(db, filters, settings),
};
