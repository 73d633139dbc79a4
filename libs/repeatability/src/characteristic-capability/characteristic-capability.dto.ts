import { EnumField, TimestampField } from '@lotstream/recording';

export const INSPECTION_STAGES = ['IQC', 'IPQC', 'OQC', 'FAI'] as const;

export const CAPABILITY_GROUPINGS = ['supplier'] as const;

/** Query of GET …/capability: all optional; `from` ≤ inspectedAt < `to`. Unknown parameters → 400. */
export class CapabilityQueryDto {
  @EnumField(INSPECTION_STAGES, 'IPQC', false, 'Only inspections of this stage (default: every stage).')
  stage?: string;

  @TimestampField('2026-11-01T00:00:00Z', false, 'Only inspections at or after this instant.')
  from?: string;

  @TimestampField('2026-12-01T00:00:00Z', false, 'Only inspections before this instant.')
  to?: string;

  @EnumField(
    CAPABILITY_GROUPINGS,
    'supplier',
    false,
    'supplier: split the answer by the supplier(s) of the material each production lot consumed (backward genealogy, through intermediate lots). ' +
      'One group per registered supplierId, one for material booked with a free-text supplier only (source unverified), one for lots whose ' +
      'material names no supplier or was not recorded (source no-supplier). A lot whose material came from several of these counts in each ' +
      'group (listed in mixedLots, mixed: true). Each group carries the ungrouped answer computed on its subgroups (capability), or spcError ' +
      'when they cannot be charted. Any other value → 400.',
  )
  groupBy?: 'supplier';
}
