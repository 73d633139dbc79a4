import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsObject } from 'class-validator';
import { SignatureDto, SignatureField } from '@lotstream/personnel';
import { IdField, TextField } from '@lotstream/recording';

export class CorrectEventBody {
  @IdField('COR-2026-0007') correctionId: string;
  @IdField('0195f3c2-7a41-7d1e-9c3b-2f6a1e0c5d11', true, 'The id of the step, inspection, consumption or shipment event on this lot.') eventId: string;
  @TextField('Measurements transcribed from the wrong sheet; gauge print-out GP-2026-118') reason: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { measurements: [25.01, 24.99, 25.0, 25.02, 24.98] },
    description: 'Only the data fields being corrected, validated with the limits of the original command (never ids).',
  })
  @IsDefined()
  @IsObject()
  corrected: Record<string, unknown>;
  @SignatureField() signature: SignatureDto;
}

export class CorrectEventDto extends CorrectEventBody {
  @IdField('L-2026-0001') lotNumber: string;
}
