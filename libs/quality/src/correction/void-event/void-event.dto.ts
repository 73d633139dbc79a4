import { SignatureDto, SignatureField } from '@lotstream/personnel';
import { IdField, TextField } from '@lotstream/recording';

export class VoidEventBody {
  @IdField('VOID-2026-0003') voidId: string;
  @IdField('0195f3c2-7a41-7d1e-9c3b-2f6a1e0c5d11', true, 'The id of the step, inspection, consumption or shipment event on this lot.') eventId: string;
  @TextField('Inspection recorded against the wrong lot') reason: string;
  @SignatureField() signature: SignatureDto;
}

export class VoidEventDto extends VoidEventBody {
  @IdField('L-2026-0001') lotNumber: string;
}
