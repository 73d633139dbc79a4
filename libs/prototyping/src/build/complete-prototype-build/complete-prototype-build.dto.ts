import { EnumField, IdField, TimestampField } from '@lotstream/recording';
import type { CompletePrototypeBuild } from './complete-prototype-build';

export class CompletePrototypeBuildBody implements Omit<CompletePrototypeBuild, 'buildId'> {
  @EnumField(['accepted', 'rejected'], 'accepted') outcome: 'accepted' | 'rejected';
  @TimestampField('2026-10-10T16:00:00Z', false, 'When the build was judged; server time if omitted.') occurredAt?: string;
}

export class CompletePrototypeBuildDto extends CompletePrototypeBuildBody implements CompletePrototypeBuild {
  @IdField('PB-2026-007') buildId: string;
}
