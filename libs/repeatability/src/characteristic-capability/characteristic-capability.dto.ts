import { EnumField, TimestampField } from '@lotstream/recording';

export const INSPECTION_STAGES = ['IQC', 'IPQC', 'OQC', 'FAI'] as const;

/** Query of GET …/capability: all optional; `from` ≤ inspectedAt < `to`. Unknown parameters → 400. */
export class CapabilityQueryDto {
  @EnumField(INSPECTION_STAGES, 'IPQC', false, 'Only inspections of this stage (default: every stage).')
  stage?: string;

  @TimestampField('2026-11-01T00:00:00Z', false, 'Only inspections at or after this instant.')
  from?: string;

  @TimestampField('2026-12-01T00:00:00Z', false, 'Only inspections before this instant.')
  to?: string;
}
