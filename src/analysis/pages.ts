/**
 * The analysis pages in the order of the app's menu (ui/App.tsx builds its menu from this list):
 * each page's view (its key in the URL) and the analysis whose tables it reads
 * (analysis/tables.ts). The engine restores what each page reads in this order after a reload
 * (engine.ts likelyOrder): the order a user is likely to open them.
 */
import type { AnalysisWithTables } from './tables';

export const MENU_PAGES = [
  { view: 'staffing', analysis: 'staffing' },
  { view: 'restrictive', analysis: 'restrictivePractice' },
  { view: 'when', analysis: 'when' },
  { view: 'overTime', analysis: 'overTime' },
  { view: 'plan', analysis: 'planDelivery' },
  { view: 'commissioned', analysis: 'commissionedVsDelivered' },
  { view: 'person', analysis: 'personStory' },
  { view: 'whatIf', analysis: 'whatIf' },
  { view: 'who', analysis: 'staffInvolvement' },
  { view: 'abc', analysis: 'abc' },
  { view: 'dataQuality', analysis: 'dataQuality' },
] as const satisfies readonly { view: string; analysis: AnalysisWithTables }[];

export type MenuPageView = (typeof MENU_PAGES)[number]['view'];
