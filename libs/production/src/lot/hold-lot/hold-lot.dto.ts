import { EnumField, IdField, TextField } from '@lotstream/recording';
import type { HoldLot } from './hold-lot';

export class HoldLotBody implements Omit<HoldLot, 'lotNumber'> {
  @IdField('HOLD-2026-031') holdId: string;
  @TextField('Material lot M-77 failed IQC re-test for hardness') reason: string;
  @EnumField(['lot', 'forward'], 'forward', true, '`forward` also holds every unshipped lot made from this one.') scope: 'lot' | 'forward';
}

export class HoldLotDto extends HoldLotBody implements HoldLot {
  @IdField('L-2026-0001') lotNumber: string;
}
