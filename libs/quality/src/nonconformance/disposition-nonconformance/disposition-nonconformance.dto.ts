import { SignatureDto, SignatureField } from '@lotstream/personnel';
import { EnumField, IdField, NameField, TimestampField } from '@lotstream/recording';
import type { Disposition } from '../../inspection/inspection.events';
import type { DispositionNonconformance } from './disposition-nonconformance';

export class DispositionNonconformanceBody implements Omit<DispositionNonconformance, 'lotNumber' | 'ncId'> {
  @EnumField(['rework', 'scrap', 'use-as-is', 'return-to-supplier'], 'rework') disposition: Disposition;
  @NameField('QE J. Moreau (MRB)') authorizedBy: string;
  @TimestampField('2026-11-26T09:00:00Z', false, 'When it was decided; server time if omitted.') occurredAt?: string;
  @SignatureField(false) signature?: SignatureDto;
}

export class DispositionNonconformanceDto extends DispositionNonconformanceBody implements DispositionNonconformance {
  @IdField('L-2026-0001') lotNumber: string;
  @IdField('NC-2026-0077') ncId: string;
}
