import { IdField, NameField, TextField, TimestampField } from '@lotstream/recording';
import type { StartPrototypeBuild } from './start-prototype-build';

export class StartPrototypeBuildDto implements StartPrototypeBuild {
  @IdField('PB-2026-007') buildId: string;
  @IdField('PN-4711') partNumber: string;
  @NameField('D0.3', true, 64) designRevision: string;
  @IdField('SITE-A') siteId: string;
  @NameField('R&D J. Park') requestedBy: string;
  @TextField('Validate the thin-wall design before tooling the production routing.') purpose: string;
  @TimestampField('2026-10-01T08:00:00Z', false, 'When the build started; server time if omitted.') occurredAt?: string;
}
