import { isRejection } from '@lotstream/domain';
import { foldLot } from '../lot.state';
import { lotRegistered } from '../lot.test-events';
import { decideRegisterLot, RegisterLot } from './register-lot';

const command: RegisterLot = { lotNumber: 'L1', partNumber: 'PN-1', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'S1' };

describe('RegisterLot', () => {
  it('registers a new lot number as a production lot by default', () => {
    expect(decideRegisterLot(command, { lot: foldLot([]), prototypeBuildExists: false })).toEqual([lotRegistered()]);
  });

  it('keeps the material fields of received stock', () => {
    const events = decideRegisterLot(
      { ...command, kind: 'material', supplier: 'Acme', supplierLotNumber: 'A-9' },
      { lot: foldLot([]), prototypeBuildExists: false },
    );
    expect(events).toEqual([lotRegistered({ kind: 'material', supplier: 'Acme', supplierLotNumber: 'A-9' })]);
  });

  it('keeps the certificates received with a material lot, and refuses them on a production lot (422)', () => {
    const events = decideRegisterLot({ ...command, kind: 'material', certificateRefs: ['COC-1', '3.1/77'] }, { lot: foldLot([]), prototypeBuildExists: false });
    expect(events).toEqual([lotRegistered({ kind: 'material', certificateRefs: ['COC-1', '3.1/77'] })]);
    const refused = decideRegisterLot({ ...command, certificateRefs: ['COC-1'] }, { lot: foldLot([]), prototypeBuildExists: false });
    expect(refused).toMatchObject({ kind: 'rule', code: 'certificates-on-production-lot', field: 'certificateRefs' });
  });

  it('answers 409 when the lot number is registered already, even with the same body', () => {
    const decision = decideRegisterLot(command, { lot: foldLot([lotRegistered()]), prototypeBuildExists: false });
    expect(decision).toMatchObject({ kind: 'conflict', code: 'lot-already-registered' });
  });

  it('refuses a number that is a prototype build id (422)', () => {
    const decision = decideRegisterLot(command, { lot: foldLot([]), prototypeBuildExists: true });
    expect(isRejection(decision) && decision.kind).toBe('rule');
  });
});
