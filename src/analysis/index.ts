/**
 * Every analysis the headless report runs, by its JSON key. Each takes the same context and
 * returns plain data; the browser pages call the same functions. Add a line here for a new one.
 */
import type { Model } from '../model/model';
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
import { abcAnalysis } from './abc';

export interface AnalysisContext {
  /** The model: analyses read its tables through model.query (built when stale), never a raw Connector. */
  model: Model;
  filters: Filters;
  settings: Settings;
}

export type Analysis = (ctx: AnalysisContext) => Promise<unknown>;

/** Analyses 2–9 of the BRIEF, keyed as in the report JSON (the staffing analysis has its own top-level keys). */
export const REPORT_ANALYSES: Record<string, Analysis> = {
  restrictivePractice: ({ model, filters, settings }) => restrictivePracticeAnalysis(model, filters, settings),
  planDelivery: ({ model, filters, settings }) => planDeliveryAnalysis(model, filters, settings),
  commissionedVsDelivered: ({ model, filters, settings }) => commissionedAnalysis(model, filters, settings),
  dataQuality: ({ model, filters, settings }) => dataQualityAnalysis(model, filters, settings),
  when: ({ model, filters, settings }) => whenAnalysis(model, filters, settings),
  overTime: ({ model, filters, settings }) => overTimeAnalysis(model, filters, settings),
  personStory: ({ model, filters, settings }) => personStoryAnalysis(model, filters, settings),
  whatIf: ({ model, filters, settings }) => whatIfAnalysis(model, filters, settings),
  abc: ({ model, filters, settings }) => abcAnalysis(model, filters, settings),
};
