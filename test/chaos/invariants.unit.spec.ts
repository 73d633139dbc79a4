import { checkCommands, checkStreamOrder, summarize, type ObservedVersion } from '../../bench/chaos/invariants';

function seen(streamId: string, topic: string, versions: number[], from = 0): ObservedVersion[] {
  return versions.map((streamVersion, i) => ({
    topic,
    partition: 0,
    offset: String(from + i),
    streamId,
    streamVersion,
    eventId: `${streamId}/${streamVersion}`,
  }));
}

describe('chaos invariants: acknowledged commands against the store', () => {
  it('finds an acknowledged command missing, one stored twice, and ignores unacknowledged ones', () => {
    const findings = checkCommands(
      [
        { idempotencyKey: 'k1', keyId: 'mes', status: 201, eventIds: ['e1'] },
        { idempotencyKey: 'k2', keyId: 'mes', status: 201 },
        { idempotencyKey: 'k3', keyId: 'mes', status: 201 },
        { idempotencyKey: 'k4', keyId: 'mes', status: 503 },
        // A retry answered again from the stored answer: still one command.
        { idempotencyKey: 'k1', keyId: 'mes', status: 201, eventIds: ['e1'] },
      ],
      [
        { idempotencyKey: 'k1', keyId: 'mes', transactions: 1, eventIds: ['e1'] },
        { idempotencyKey: 'k3', keyId: 'mes', transactions: 2, eventIds: ['e3', 'e3b'] },
      ],
    );
    expect(findings).toEqual({ acknowledged: 3, unacknowledged: 1, missing: ['mes:k2'], storedMoreThanOnce: ['mes:k3'] });
  });

  it('counts a command missing when an event id its answer named is not stored, and keys of two API keys apart', () => {
    const findings = checkCommands(
      [
        { idempotencyKey: 'k1', keyId: 'a', status: 201, eventIds: ['e1', 'e2'] },
        { idempotencyKey: 'k1', keyId: 'b', status: 201 },
      ],
      [{ idempotencyKey: 'k1', keyId: 'a', transactions: 1, eventIds: ['e1'] }],
    );
    expect(findings.missing).toEqual(['a:k1', 'b:k1']);
    expect(findings.storedMoreThanOnce).toEqual([]);
  });
});

describe('chaos invariants: versions a consumer observed', () => {
  it('in order with duplicates counted and nothing missing', () => {
    const observed = [...seen('lot-A', 'prod', [1, 2, 3]), ...seen('lot-A', 'prod', [2, 3], 3), ...seen('lot-A', 'qual', [4, 6])];
    const published = new Map([
      ['lot-A prod', [1, 2, 3]],
      ['lot-A qual', [4, 6]],
    ]);
    expect(checkStreamOrder(observed, published)).toEqual({ observed: 7, streams: 1, duplicates: 2, outOfOrder: [], gaps: [], missing: [] });
  });

  it('reports a gap, a version out of order and versions never received', () => {
    const observed = [...seen('lot-A', 'prod', [1, 3, 2]), ...seen('lot-B', 'prod', [1, 2])];
    const published = new Map([
      ['lot-A prod', [1, 2, 3, 4]],
      ['lot-B prod', [1, 2]],
      ['lot-C prod', [1]],
    ]);
    const findings = checkStreamOrder(observed, published);
    expect(findings.gaps).toEqual([{ streamId: 'lot-A', topic: 'prod', after: 2, version: 3 }]);
    expect(findings.outOfOrder).toEqual([{ streamId: 'lot-A', topic: 'prod', version: 2, after: 3 }]);
    expect(findings.missing).toEqual([
      { streamId: 'lot-A', topic: 'prod', versions: [4] },
      { streamId: 'lot-C', topic: 'prod', versions: [1] },
    ]);
  });

  it('without the store, holes in a stream over all its topics', () => {
    const findings = checkStreamOrder([...seen('lot-A', 'prod', [1, 2]), ...seen('lot-A', 'qual', [5])]);
    expect(findings.missing).toEqual([{ streamId: 'lot-A', topic: '*', versions: [3, 4] }]);
  });
});

describe('chaos invariants: the summary', () => {
  it('adds up loss and duplication and is ok only when both are zero', () => {
    const clean = summarize(
      { acknowledged: 10, unacknowledged: 0, missing: [], storedMoreThanOnce: [] },
      { schema: 'rm', neverApplied: 0, appliedUnknown: 0, tables: [{ model: 'm', table: 't', differingRows: 0 }] },
      { observed: 10, streams: 2, duplicates: 3, outOfOrder: [], gaps: [], missing: [] },
    );
    expect([clean.ok, clean.lost, clean.duplicated, clean.differingRows]).toEqual([true, 0, 0, 0]);
    const broken = summarize(
      { acknowledged: 10, unacknowledged: 0, missing: ['k'], storedMoreThanOnce: [] },
      { schema: 'rm', neverApplied: 4, appliedUnknown: 0, tables: [{ model: 'm', table: 't', differingRows: 2 }] },
      { observed: 10, streams: 2, duplicates: 0, outOfOrder: [], gaps: [], missing: [{ streamId: 's', topic: 't', versions: [3, 4] }] },
    );
    expect([broken.ok, broken.lost, broken.duplicated, broken.differingRows]).toEqual([false, 1 + 4 + 2, 0, 2]);
    expect(broken.summary).toContain('LOST: 4 published events never applied to rm');
  });
});
