import { SignatureDto, SignatureField } from '@lotstream/personnel';
import { IdField } from '@lotstream/recording';
import type { ReleaseLot } from './release-lot';

export class ReleaseLotBody implements Omit<ReleaseLot, 'lotNumber'> {
  @IdField('REL-2026-0042') releaseId: string;
  @SignatureField() signature: SignatureDto;
}

export class ReleaseLotDto extends ReleaseLotBody implements ReleaseLot {
  @IdField('L-2026-0001') lotNumber: string;
}
