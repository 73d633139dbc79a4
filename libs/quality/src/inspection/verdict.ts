import { reject, Rejection } from '@lotstream/domain';
import type { Characteristic, Verdict } from './inspection.events';

/**
 * The verdict of one subgroup, computed by the service, never taken from the client: pass when
 * every value lies within the limits (inclusive), fail otherwise, n/a when no limit is given.
 */
export function verdictOf(characteristic: Characteristic, measurements: readonly number[]): Verdict {
  const { lsl, usl } = characteristic;
  if (lsl === undefined && usl === undefined) return 'n/a';
  const within = (value: number): boolean => (lsl === undefined || value >= lsl) && (usl === undefined || value <= usl);
  return measurements.every(within) ? 'pass' : 'fail';
}

/** Limits that cannot describe a tolerance band: LSL above USL. */
export function limitsRuleBroken(characteristic: Characteristic): Rejection | undefined {
  if (characteristic.lsl !== undefined && characteristic.usl !== undefined && characteristic.lsl > characteristic.usl) {
    return reject('rule', 'limits-inverted', 'characteristic.lsl must not be greater than characteristic.usl.', 'characteristic.lsl');
  }
  return undefined;
}

/** What a gauge must be to measure: registered equipment of kind gauge, visible to the writer. */
export interface GaugeFacts {
  registered: boolean;
  kind?: 'gauge' | 'machine';
}

export function gaugeRuleBroken(gaugeId: string, gauge: GaugeFacts): Rejection | undefined {
  if (!gauge.registered) return reject('rule', 'gauge-unknown', `Gauge ${gaugeId} is not registered equipment.`, 'gaugeId');
  if (gauge.kind !== 'gauge') return reject('rule', 'not-a-gauge', `Equipment ${gaugeId} is a ${gauge.kind}, not a gauge.`, 'gaugeId');
  return undefined;
}
