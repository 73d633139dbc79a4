import { firstArticleDue, PartFact } from './first-article-due';

let position = 0;
const at = (occurredAt: string, type: string, streamId: string) => ({ eventId: `e${++position}`, type, streamId, position: String(position), occurredAt });

const lot = (lotNumber: string, occurredAt: string, partRevision = 'B'): PartFact => ({
  kind: 'lot-registered',
  source: at(occurredAt, 'LotRegistered', `lot-${lotNumber}`),
  lotNumber,
  partRevision,
});
const step = (lotNumber: string, occurredAt: string, operation: string, sopRevision: string, machineIds: string[]): PartFact => ({
  kind: 'step-completed',
  source: at(occurredAt, 'ProductionStepCompleted', `lot-${lotNumber}`),
  lotNumber,
  operation,
  sopRevision,
  machineIds,
});
const consumed = (lotNumber: string, occurredAt: string, inputLotNumber: string, supplier: string | null): PartFact => ({
  kind: 'material-consumed',
  source: at(occurredAt, 'MaterialConsumed', `lot-${lotNumber}`),
  lotNumber,
  inputLotNumber,
  supplier,
});
const approved = (lotNumber: string, occurredAt: string, partRevision = 'B'): PartFact => ({
  kind: 'first-article-approved',
  source: at(occurredAt, 'FirstArticleApproved', `lot-${lotNumber}`),
  lotNumber,
  faiId: `FAI-${lotNumber}`,
  faiType: 'full',
  partRevision,
});

/** Given: lot L1 made and approved as the first article on 2025-03-10. */
const approvedFirstLot = (): PartFact[] => [
  lot('L1', '2025-03-01T08:00:00Z'),
  consumed('L1', '2025-03-01T09:00:00Z', 'BAR-1', 'Acme Steel'),
  step('L1', '2025-03-02T10:00:00Z', 'turn', 'SOP-7', ['M-1']),
  step('L1', '2025-03-02T12:00:00Z', 'grind', 'SOP-9', ['M-5']),
  approved('L1', '2025-03-10T08:00:00Z'),
];

describe('first article due (AS9102 §4.6)', () => {
  beforeEach(() => {
    position = 0;
  });

  it('is due, full, while no first article of the part was ever approved, naming the first lot', () => {
    const answer = firstArticleDue([lot('L1', '2025-03-01T08:00:00Z'), step('L1', '2025-03-02T10:00:00Z', 'turn', 'SOP-7', ['M-1'])]);
    expect(answer).toMatchObject({ due: true, suggestedType: 'full', lastApproved: null });
    expect(answer.reasons).toEqual([
      expect.objectContaining({ kind: 'no-approved-first-article', causedBy: expect.objectContaining({ eventId: 'e1', lotNumber: 'L1' }) }),
    ]);
  });

  it('is not due after the approval when the next lot repeats the approved process', () => {
    const answer = firstArticleDue([
      ...approvedFirstLot(),
      lot('L2', '2025-04-01T08:00:00Z'),
      consumed('L2', '2025-04-01T09:00:00Z', 'BAR-2', 'Acme Steel'),
      step('L2', '2025-04-02T10:00:00Z', 'turn', 'SOP-7', ['M-1']),
      step('L2', '2025-04-02T12:00:00Z', 'grind', 'SOP-9', ['M-5']),
    ]);
    expect(answer).toMatchObject({
      due: false,
      reasons: [],
      suggestedType: null,
      lastApproved: { faiId: 'FAI-L1', lotNumber: 'L1', approvedAt: '2025-03-10T08:00:00Z' },
    });
  });

  it('fires on a lot registered with a new part revision, and not on one of the approved revision', () => {
    const changed = firstArticleDue([...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z', 'C')]);
    expect(changed.reasons).toEqual([
      expect.objectContaining({
        kind: 'part-revision-changed',
        from: 'B',
        to: 'C',
        causedBy: expect.objectContaining({ type: 'LotRegistered', lotNumber: 'L2', eventId: 'e6' }),
      }),
    ]);
    expect(changed.suggestedType).toBe('partial');
    expect(firstArticleDue([...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z', 'B')]).due).toBe(false);
  });

  it("fires on a step run under a new SOP revision of its operation, and not on another operation's revision", () => {
    const changed = firstArticleDue([...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z'), step('L2', '2025-04-02T10:00:00Z', 'turn', 'SOP-7b', ['M-1'])]);
    expect(changed.reasons).toEqual([
      expect.objectContaining({
        kind: 'sop-revision-changed',
        operation: 'turn',
        from: 'SOP-7',
        to: 'SOP-7b',
        causedBy: expect.objectContaining({ type: 'ProductionStepCompleted', eventId: 'e7' }),
      }),
    ]);
    // Near miss: grind's revision SOP-9 is the approved one for grind, even though turn never used it.
    expect(firstArticleDue([...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z'), step('L2', '2025-04-02T10:00:00Z', 'grind', 'SOP-9', ['M-5'])]).due).toBe(
      false,
    );
  });

  it('fires on material from a supplier not used before for the part, and not on a new lot of a known supplier', () => {
    const changed = firstArticleDue([...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z'), consumed('L2', '2025-04-01T09:00:00Z', 'BAR-9', 'Borg Metals')]);
    expect(changed.reasons).toEqual([
      expect.objectContaining({
        kind: 'new-supplier',
        supplier: 'Borg Metals',
        causedBy: expect.objectContaining({ type: 'MaterialConsumed', eventId: 'e7' }),
      }),
    ]);
    expect(firstArticleDue([...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z'), consumed('L2', '2025-04-01T09:00:00Z', 'BAR-3', 'Acme Steel')]).due).toBe(
      false,
    );
  });

  it('fires on an operation run on a machine not used before for it, and not on a machine used before for it', () => {
    const changed = firstArticleDue([...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z'), step('L2', '2025-04-02T10:00:00Z', 'turn', 'SOP-7', ['M-2'])]);
    expect(changed.reasons).toEqual([
      expect.objectContaining({
        kind: 'new-machine',
        operation: 'turn',
        equipmentId: 'M-2',
        causedBy: expect.objectContaining({ type: 'ProductionStepCompleted', lotNumber: 'L2', eventId: 'e7' }),
      }),
    ]);
    expect(firstArticleDue([...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z'), step('L2', '2025-04-02T10:00:00Z', 'turn', 'SOP-7', ['M-1'])]).due).toBe(
      false,
    );
  });

  it('fires when a machine known for another operation is used for this one (machines are judged per operation)', () => {
    const changed = firstArticleDue([...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z'), step('L2', '2025-04-02T10:00:00Z', 'turn', 'SOP-7', ['M-5'])]);
    expect(changed.reasons).toEqual([expect.objectContaining({ kind: 'new-machine', operation: 'turn', equipmentId: 'M-5' })]);
  });

  it('fires, full, when production resumes two years after the last production, and not at two years minus a day', () => {
    // The last production before the approval is the grind step of 2025-03-02T12:00Z.
    const lapsed = firstArticleDue([...approvedFirstLot(), lot('L2', '2027-03-02T12:00:00Z')]);
    expect(lapsed.reasons).toEqual([
      expect.objectContaining({
        kind: 'production-lapse',
        from: '2025-03-02T12:00:00Z',
        to: '2027-03-02T12:00:00Z',
        causedBy: expect.objectContaining({ type: 'LotRegistered', eventId: 'e6' }),
      }),
    ]);
    expect(lapsed.suggestedType).toBe('full');
    expect(firstArticleDue([...approvedFirstLot(), lot('L2', '2027-03-01T12:00:00Z')]).due).toBe(false);
    expect(firstArticleDue([...approvedFirstLot(), lot('L2', '2027-03-02T11:59:59Z')]).due).toBe(false);
  });

  it('counts the lapse from the latest production, not from the approval or the first lot', () => {
    const answer = firstArticleDue([...approvedFirstLot(), lot('L2', '2026-06-01T08:00:00Z'), lot('L3', '2028-05-31T08:00:00Z')]);
    expect(answer.due).toBe(false);
  });

  it('names each change once: a second lot on the same new machine adds no reason', () => {
    const answer = firstArticleDue([
      ...approvedFirstLot(),
      lot('L2', '2025-04-01T08:00:00Z'),
      step('L2', '2025-04-02T10:00:00Z', 'turn', 'SOP-7', ['M-2']),
      lot('L3', '2025-05-01T08:00:00Z'),
      step('L3', '2025-05-02T10:00:00Z', 'turn', 'SOP-7', ['M-2']),
    ]);
    expect(answer.reasons.map((r) => [r.kind, r.causedBy?.lotNumber])).toEqual([['new-machine', 'L2']]);
  });

  it('judges only what happened since the last approval: a change approved by a later first article is no reason', () => {
    const answer = firstArticleDue([
      ...approvedFirstLot(),
      lot('L2', '2025-04-01T08:00:00Z'),
      step('L2', '2025-04-02T10:00:00Z', 'turn', 'SOP-7', ['M-2']),
      approved('L2', '2025-04-05T08:00:00Z'),
      lot('L3', '2025-05-01T08:00:00Z'),
      step('L3', '2025-05-02T10:00:00Z', 'turn', 'SOP-7', ['M-2']),
    ]);
    expect(answer).toMatchObject({ due: false, lastApproved: { faiId: 'FAI-L2' } });
  });

  it('walks facts in store order whatever order they are given in', () => {
    const facts = [...approvedFirstLot(), lot('L2', '2025-04-01T08:00:00Z'), step('L2', '2025-04-02T10:00:00Z', 'turn', 'SOP-7', ['M-2'])];
    expect(firstArticleDue([...facts].reverse())).toEqual(firstArticleDue(facts));
  });
});
