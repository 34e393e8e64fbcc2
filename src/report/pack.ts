/**
 * Gathers everything the evidence pack is made from, with the same engine the pages use. An
 * analysis that fails is named in the pack rather than failing the whole pack.
 */
import { abcAnalysis } from '../analysis/abc';
import { commissionedAnalysis } from '../analysis/commissioned';
import { overTimeAnalysis } from '../analysis/overTime';
import { planDeliveryAnalysis } from '../analysis/planDelivery';
import { restrictivePracticeAnalysis } from '../analysis/restrictivePractice';
import type { Filters } from '../analysis/types';
import type { Engine } from '../engine';
import { evidenceContext } from './context';
import type { EvidencePackData } from './evidencePack';
import { version } from '../../package.json';

export const APP_VERSION: string = version;

/** Local date and time as "2026-05-13 14:02", the way the pack prints it. */
export function stamp(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())} ${two(now.getHours())}:${two(now.getMinutes())}`;
}

export async function loadEvidencePack(engine: Engine, filters: Filters, now = new Date()): Promise<EvidencePackData> {
  await engine.ready();
  const { model, settings } = engine;
  const failures: EvidencePackData['failures'] = [];
  const attempt = async <T>(analysis: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (e) {
      failures.push({ analysis, message: e instanceof Error ? e.message : String(e) });
      return null;
    }
  };
  const staffing = await engine.staffing(filters);
  const context = await evidenceContext(model, filters);
  const restrictivePractice = await attempt('Restrictive practice', () => restrictivePracticeAnalysis(model, filters, settings));
  const planDelivery = await attempt('Plan delivery', () => planDeliveryAnalysis(model, filters, settings));
  const overTime = await attempt('Over time', () => overTimeAnalysis(model, filters, settings));
  const commissioned = await attempt('Commissioned vs delivered', () => commissionedAnalysis(model, filters, settings));
  const abc = await attempt('ABC', () => abcAnalysis(model, filters, settings));
  return {
    filters, generatedAt: stamp(now), appVersion: APP_VERSION, settings, staffing, context,
    restrictivePractice, planDelivery, overTime, commissioned, abc, failures,
  };
}
