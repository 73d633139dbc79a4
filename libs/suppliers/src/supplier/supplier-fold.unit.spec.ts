import fc from 'fast-check';
import type { SupplierEvent } from './supplier.events';
import { evolveSupplier, foldSupplierEvents, initialSupplierState, supplierOf, SupplierState } from './supplier.state';
import { applyInspectedLot, initialSwitchingState } from '../sampling/switching';

const PARTS = ['BAR-1', 'BAR-2'];
const SEVERITIES = ['normal', 'tightened', 'reduced'] as const;

/**
 * Any supplier stream: plans (re)set, receipts of both parts (some without a plan), resumptions,
 * suspensions. `acceptedIn20`: how many receipts of 20 are accepted (a stream that rarely fails
 * stays on normal inspection for more than 30 lots, the history's limit there).
 */
const supplierEvent = (acceptedIn20: number): fc.Arbitrary<SupplierEvent> =>
  fc.oneof(
    {
      weight: 1,
      arbitrary: fc
        .record({ part: fc.constantFrom(...PARTS), severity: fc.constantFrom(...SEVERITIES) })
        .map(({ part, severity }): SupplierEvent => ({ type: 'SamplingPlanSet', data: { partNumber: part, inspectionLevel: 'II', aql: 1, severity } })),
    },
    {
      weight: 12,
      arbitrary: fc
        .record({
          part: fc.constantFrom(...PARTS, 'BAR-NO-PLAN'),
          id: fc.integer({ min: 1, max: 60 }),
          accepted: fc.integer({ min: 1, max: 20 }).map((n) => n <= acceptedIn20),
          tighter: fc.boolean(),
          acceptNumber: fc.integer({ min: 0, max: 3 }),
        })
        .map(({ part, id, accepted, tighter, acceptNumber }): SupplierEvent => ({
          type: 'ReceivingInspectionRecorded',
          data: {
            inspectionId: `INS-${id}`,
            lotNumber: `M-${id}`,
            partNumber: part,
            lotSize: 1000,
            sampleSize: 80,
            nonconforming: accepted ? 0 : 3,
            inspectedAt: '2026-03-01T08:00:00Z',
            inspectorId: 'IQC-1',
            plan: {
              standard: 'ISO 2859-1',
              inspectionLevel: 'II',
              aql: 1,
              severity: 'normal',
              codeLetter: 'J',
              sampleSize: 80,
              acceptNumber,
              rejectNumber: acceptNumber + 1,
              hundredPercent: false,
            },
            decision: accepted ? 'accepted' : 'not-accepted',
            acceptedOneStepTighter: tighter,
          },
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...PARTS)
        .map((part): SupplierEvent => ({ type: 'SamplingResumed', data: { partNumber: part, resumedBy: 'QE-1', reason: 'corrective action' } })),
    },
    { weight: 1, arbitrary: fc.constant<SupplierEvent>({ type: 'SupplierSuspended', data: { reason: 'audit', effectiveFrom: '2026-06-01T00:00:00Z' } }) },
    { weight: 1, arbitrary: fc.constant<SupplierEvent>({ type: 'SupplierReinstated', data: { effectiveFrom: '2026-07-01T00:00:00Z', reinstatedBy: 'QE-1' } }) },
  );
const stream = fc
  .constantFrom(10, 19, 20)
  .chain((acceptedIn20) => fc.array(supplierEvent(acceptedIn20), { maxLength: 300 }))
  .map((events): SupplierEvent[] => [
    { type: 'SupplierRegistered', data: { supplierId: 'SUP-1', name: 'Acme', siteIds: ['SITE-A'] } },
    { type: 'SamplingPlanSet', data: { partNumber: 'BAR-1', inspectionLevel: 'II', aql: 1, severity: 'normal' } },
    ...events,
  ]);

const byEvolve = (events: SupplierEvent[], from: SupplierState = initialSupplierState): SupplierState => events.reduce(evolveSupplier, from);
/** The state as plain data (Map order included), to compare and to prove a state was left as it was. */
const snapshot = (state: SupplierState) => JSON.parse(JSON.stringify({ ...state, plans: [...state.plans], inspections: [...state.inspections] }));

describe('foldSupplierEvents (the linear fold the supplier reads use)', () => {
  it('equals evolveSupplier event by event, whole or continued from a state, and leaves that state as it was', () => {
    fc.assert(
      fc.property(stream, fc.nat(), (events, at) => {
        const whole = byEvolve(events);
        expect(snapshot(foldSupplierEvents(events))).toEqual(snapshot(whole));
        const cut = at % (events.length + 1);
        const head = foldSupplierEvents(events.slice(0, cut));
        const before = snapshot(head);
        const continued = foldSupplierEvents(events.slice(cut), head);
        expect(snapshot(continued)).toEqual(snapshot(whole));
        expect(snapshot(head)).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the handlers (supplierOf) the same state, on a stream and on a batch view extending it', () => {
    fc.assert(
      fc.property(stream, fc.nat(), (events, at) => {
        const cut = at % (events.length + 1);
        const base = { streamId: 'supplier-SUP-1', version: cut, events: events.slice(0, cut) };
        const extended = { streamId: 'supplier-SUP-1', version: events.length, events, base };
        expect(snapshot(supplierOf(base))).toEqual(snapshot(byEvolve(events.slice(0, cut))));
        expect(snapshot(supplierOf(extended))).toEqual(snapshot(byEvolve(events)));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every receipt, and the whole history on reduced inspection, over ten thousand receipts', () => {
    const events: SupplierEvent[] = [{ type: 'SamplingPlanSet', data: { partNumber: 'BAR-1', inspectionLevel: 'II', aql: 1, severity: 'reduced' } }];
    for (let i = 0; i < 10_000; i++) {
      events.push({
        type: 'ReceivingInspectionRecorded',
        data: {
          inspectionId: `INS-${i}`,
          lotNumber: `M-${i}`,
          partNumber: 'BAR-1',
          lotSize: 1000,
          sampleSize: 32,
          nonconforming: 0,
          inspectedAt: '2026-03-01T08:00:00Z',
          inspectorId: 'IQC-1',
          plan: {
            standard: 'ISO 2859-1',
            inspectionLevel: 'II',
            aql: 1,
            severity: 'reduced',
            codeLetter: 'J',
            sampleSize: 32,
            acceptNumber: 1,
            rejectNumber: 2,
            hundredPercent: false,
          },
          decision: 'accepted',
          acceptedOneStepTighter: true,
        },
      });
    }
    const state = foldSupplierEvents(events);
    expect(state.plans.get('BAR-1')?.switching.history).toHaveLength(10_000);
    expect(state.inspections.size).toBe(10_000);
  });

  it('applyInspectedLot leaves the state it is given as it was', () => {
    const state = { ...initialSwitchingState('reduced'), sinceSwitch: [true], history: ['M-0'] };
    const next = applyInspectedLot(state, { lotId: 'M-1', accepted: true, acceptNumber: 1, acceptedOneStepTighter: true });
    expect(state).toEqual({ ...initialSwitchingState('reduced'), sinceSwitch: [true], history: ['M-0'] });
    expect(next.history).toEqual(['M-0', 'M-1']);
  });
});
