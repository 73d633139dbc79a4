import { DocumentRecord, operatorQualifiedFor, PersonRecord, QualificationTerms, qualifiedWorkTerms, revisionInForceFor, WorkSpan } from './work-conditions';

const work = (startedAt: string, completedAt = startedAt, extra: Partial<WorkSpan> = {}): WorkSpan => ({
  operation: 'turning',
  workCenter: 'WC-2',
  revisionId: 'SOP-C',
  startedAt,
  completedAt,
  ...extra,
});

const q = (qualificationId: string, validFrom: string, validUntil?: string, extra: Partial<QualificationTerms> = {}): QualificationTerms => ({
  qualificationId,
  operation: 'turning',
  validFrom,
  validUntil,
  recorded: 1,
  ...extra,
});

const noTrainingNeeded: DocumentRecord = {
  revisions: [
    {
      documentId: 'SOP',
      revision: 'C',
      revisionId: 'SOP-C',
      effectiveFrom: '2026-01-01T00:00:00Z',
      requiresTraining: false,
      operations: ['turning'],
      recorded: 1,
    },
  ],
  obsolescences: [],
};

const person = (
  qualifications: QualificationTerms[],
  revocations: PersonRecord['revocations'] = [],
  trainings: PersonRecord['trainings'] = [],
): PersonRecord => ({
  qualifications,
  revocations,
  trainings,
});

describe('operator qualified at the moment of work', () => {
  const one = person([q('Q1', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')]);

  it('is valid from validFrom inclusive and no longer at validUntil (half-open)', () => {
    expect(operatorQualifiedFor(one, noTrainingNeeded, work('2026-02-01T00:00:00Z')).qualified).toBe(true);
    expect(operatorQualifiedFor(one, noTrainingNeeded, work('2026-01-31T23:59:59Z'))).toEqual({
      qualified: false,
      reasons: ['no-qualification-for-operation'],
    });
    expect(operatorQualifiedFor(one, noTrainingNeeded, work('2026-02-28T23:59:59Z')).qualified).toBe(true);
    expect(operatorQualifiedFor(one, noTrainingNeeded, work('2026-03-01T00:00:00Z'))).toEqual({ qualified: false, reasons: ['qualification-expired'] });
  });

  it('needs the qualification over the whole step: one that expires during it does not cover it', () => {
    expect(operatorQualifiedFor(one, noTrainingNeeded, work('2026-02-28T23:00:00Z', '2026-03-01T01:00:00Z'))).toEqual({
      qualified: false,
      reasons: ['qualification-expired'],
    });
  });

  it('voids from a revocation before, during and after the step', () => {
    const open = [q('Q1', '2026-01-01T00:00:00Z')];
    const step = work('2026-05-01T08:00:00Z', '2026-05-01T09:00:00Z');
    const revokedAt = (effectiveFrom: string) => operatorQualifiedFor(person(open, [{ qualificationId: 'Q1', effectiveFrom }]), noTrainingNeeded, step);
    expect(revokedAt('2026-04-01T00:00:00Z')).toEqual({ qualified: false, reasons: ['qualification-revoked'] });
    expect(revokedAt('2026-05-01T08:30:00Z')).toEqual({ qualified: false, reasons: ['qualification-revoked'] });
    expect(revokedAt('2026-05-01T09:00:00Z')).toEqual({ qualified: false, reasons: ['qualification-revoked'] });
    expect(revokedAt('2026-05-01T09:00:01Z')).toMatchObject({ qualified: true });
    // Revoked from before it was granted: void throughout.
    expect(revokedAt('2025-01-01T00:00:00Z')).toEqual({ qualified: false, reasons: ['qualification-revoked'] });
  });

  it('is enough that one of two overlapping qualifications covers the step, but two are never stitched together', () => {
    const two = person([q('Q1', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'), q('Q2', '2026-02-01T00:00:00Z', '2026-06-01T00:00:00Z', { recorded: 2 })]);
    expect(operatorQualifiedFor(two, noTrainingNeeded, work('2026-02-15T00:00:00Z'))).toMatchObject({ qualified: true });
    expect(operatorQualifiedFor(two, noTrainingNeeded, work('2026-04-01T00:00:00Z'))).toEqual({ qualified: true, reasons: [], qualificationId: 'Q2' });
    const gap = person([q('Q1', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'), q('Q2', '2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z', { recorded: 2 })]);
    expect(operatorQualifiedFor(gap, noTrainingNeeded, work('2026-02-28T23:00:00Z', '2026-03-01T01:00:00Z')).qualified).toBe(false);
  });

  it('matches the operation, and the work centre when the qualification names one', () => {
    const milling = person([q('Q1', '2026-01-01T00:00:00Z', undefined, { operation: 'milling' })]);
    expect(operatorQualifiedFor(milling, noTrainingNeeded, work('2026-05-01T00:00:00Z')).reasons).toEqual(['no-qualification-for-operation']);
    const atWc3 = person([q('Q1', '2026-01-01T00:00:00Z', undefined, { workCenter: 'WC-3' })]);
    expect(operatorQualifiedFor(atWc3, noTrainingNeeded, work('2026-05-01T00:00:00Z')).qualified).toBe(false);
    expect(operatorQualifiedFor(atWc3, noTrainingNeeded, work('2026-05-01T00:00:00Z', undefined, { workCenter: 'WC-3' })).qualified).toBe(true);
  });

  it('needs a training on the revision, completed by the start, when the revision requires it', () => {
    const training: DocumentRecord = { ...noTrainingNeeded, revisions: [{ ...noTrainingNeeded.revisions[0], requiresTraining: true }] };
    const qualified = [q('Q1', '2026-01-01T00:00:00Z')];
    const step = work('2026-05-01T08:00:00Z', '2026-05-01T09:00:00Z');
    expect(operatorQualifiedFor(person(qualified), training, step)).toEqual({ qualified: false, reasons: ['not-trained-on-revision'] });
    expect(operatorQualifiedFor(person(qualified, [], [{ revisionId: 'SOP-C', completedAt: '2026-05-01T08:30:00Z' }]), training, step).qualified).toBe(false);
    expect(operatorQualifiedFor(person(qualified, [], [{ revisionId: 'SOP-C', completedAt: '2026-05-01T08:00:00Z' }]), training, step).qualified).toBe(true);
    expect(operatorQualifiedFor(person(qualified, [], [{ revisionId: 'SOP-B', completedAt: '2026-01-01T00:00:00Z' }]), training, step).qualified).toBe(false);
  });

  it('answers unknown for an unregistered person, an unregistered revision or unreadable times', () => {
    expect(operatorQualifiedFor(undefined, noTrainingNeeded, work('2026-05-01T00:00:00Z'))).toEqual({ qualified: 'unknown', reasons: [] });
    expect(operatorQualifiedFor(person([q('Q1', '2026-01-01T00:00:00Z')]), undefined, work('2026-05-01T00:00:00Z')).qualified).toBe('unknown');
    expect(operatorQualifiedFor(person([]), undefined, work('2026-05-01T00:00:00Z')).qualified).toBe(false);
    expect(
      operatorQualifiedFor(person([q('Q1', '2026-01-01T00:00:00Z')]), noTrainingNeeded, work('2026-05-02T00:00:00Z', '2026-05-01T00:00:00Z')).qualified,
    ).toBe('unknown');
  });
});

describe('document revision in force at the moment of work', () => {
  const rev = (revision: string, effectiveFrom: string, recorded: number) => ({
    documentId: 'SOP',
    revision,
    revisionId: `SOP-${revision}`,
    effectiveFrom,
    requiresTraining: false,
    operations: ['turning'],
    recorded,
  });
  const document = (obsolescences: DocumentRecord['obsolescences'] = []): DocumentRecord => ({
    revisions: [rev('B', '2026-01-01T00:00:00Z', 1), rev('C', '2026-06-01T00:00:00Z', 2), rev('D', '2027-01-01T00:00:00Z', 3)],
    obsolescences,
  });

  it('supersedes B from C’s effectiveFrom, including an effective date in the future (D)', () => {
    expect(revisionInForceFor(document(), work('2026-05-31T23:59:59Z', undefined, { revisionId: 'SOP-B' }))).toEqual({ inForce: true, reasons: [] });
    expect(revisionInForceFor(document(), work('2026-06-01T00:00:00Z', undefined, { revisionId: 'SOP-B' }))).toEqual({
      inForce: false,
      reasons: ['revision-superseded'],
      revisionInForce: 'SOP-C',
    });
    expect(revisionInForceFor(document(), work('2026-07-01T00:00:00Z', undefined, { revisionId: 'SOP-D' }))).toEqual({
      inForce: false,
      reasons: ['revision-not-yet-effective'],
      revisionInForce: 'SOP-C',
    });
    expect(revisionInForceFor(document(), work('2027-01-01T00:00:00Z', undefined, { revisionId: 'SOP-D' })).inForce).toBe(true);
  });

  it('judges a step by the revision in force when it began: a newer one begun during it neither helps nor hurts', () => {
    expect(revisionInForceFor(document(), work('2026-05-31T23:00:00Z', '2026-06-01T01:00:00Z', { revisionId: 'SOP-B' })).inForce).toBe(true);
    expect(revisionInForceFor(document(), work('2026-05-31T23:00:00Z', '2026-06-01T01:00:00Z', { revisionId: 'SOP-C' })).inForce).toBe(false);
  });

  it('voids an obsolete revision from its obsolescence, also in the past', () => {
    const obsolete = document([{ revisionId: 'SOP-C', effectiveFrom: '2026-08-01T00:00:00Z' }]);
    expect(revisionInForceFor(obsolete, work('2026-07-31T00:00:00Z')).inForce).toBe(true);
    expect(revisionInForceFor(obsolete, work('2026-08-01T00:00:00Z'))).toEqual({ inForce: false, reasons: ['revision-obsolete'] });
  });

  it('answers unknown for a revision not registered', () => {
    expect(revisionInForceFor(undefined, work('2026-07-01T00:00:00Z'))).toEqual({ inForce: 'unknown', reasons: [] });
    expect(revisionInForceFor(document(), work('2026-07-01T00:00:00Z', undefined, { revisionId: 'SOP-Z' }))).toEqual({ inForce: 'unknown', reasons: [] });
  });
});

/** A small deterministic generator (mulberry32), so a failure reproduces from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const BASE = Date.parse('2026-01-01T00:00:00Z');
const day = (n: number) => new Date(BASE + n * DAY).toISOString();

/**
 * Brute force: a step from day s to day e (inclusive of both instants) is covered by a qualification
 * for its operation when some qualification has from ≤ s, e < until (or no until), and e < its earliest
 * revocation. Said in the plainest way, per step, with no timeline.
 */
function bruteForceQualified(p: PersonRecord, operation: string, s: number, e: number): boolean {
  return p.qualifications.some((x) => {
    if (x.operation !== operation) return false;
    const from = Date.parse(x.validFrom);
    const until = x.validUntil ? Date.parse(x.validUntil) : Infinity;
    const revokedAt = Math.min(...p.revocations.filter((r) => r.qualificationId === x.qualificationId).map((r) => Date.parse(r.effectiveFrom)), Infinity);
    return from <= s && e < until && e < revokedAt;
  });
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe('property: the impact set equals a brute-force scan, whatever order the facts arrive in', () => {
  it('holds for 300 random timelines of grants, revocations and steps', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const operations = ['turning', 'milling'];
      const qualifications: QualificationTerms[] = [];
      const grants = 1 + Math.floor(next() * 4);
      for (let i = 0; i < grants; i++) {
        const from = Math.floor(next() * 200);
        const until = next() < 0.5 ? undefined : from + 1 + Math.floor(next() * 150);
        qualifications.push({
          qualificationId: `Q${i}`,
          operation: operations[Math.floor(next() * 2)],
          validFrom: day(from),
          validUntil: until === undefined ? undefined : day(until),
          recorded: i + 1,
        });
      }
      const revocations = qualifications
        .filter(() => next() < 0.4)
        .map((x) => ({ qualificationId: x.qualificationId, effectiveFrom: day(Math.floor(next() * 300)) }));
      const steps = Array.from({ length: 20 }, (_, i) => {
        const s = Math.floor(next() * 300);
        return { id: `S${i}`, operation: operations[Math.floor(next() * 2)], s, e: s + Math.floor(next() * 3) };
      });
      const record = { qualifications, revocations, trainings: [] };
      const expected = steps.filter((st) => !bruteForceQualified(record, st.operation, BASE + st.s * DAY, BASE + st.e * DAY)).map((st) => st.id);
      const reordered = { qualifications: shuffled(qualifications, next), revocations: shuffled(revocations, next), trainings: [] };
      for (const p of [record, reordered]) {
        const impact = steps
          .filter(
            (st) => operatorQualifiedFor(p, noTrainingNeeded, work(day(st.s), day(st.e), { operation: st.operation, revisionId: 'SOP-C' })).qualified === false,
          )
          .map((st) => st.id);
        if (impact.join() !== expected.join()) throw new Error(`seed ${seed}: impact ${impact} ≠ brute force ${expected}`);
      }
      expect(expected.length).toBeLessThanOrEqual(steps.length);
    }
  });
});

describe('qualified work terms: what a store may filter out before the rule judges', () => {
  const trainingNeeded: DocumentRecord = {
    revisions: [{ ...noTrainingNeeded.revisions[0], revisionId: 'SOP-D', revision: 'D', requiresTraining: true }],
    obsolescences: [],
  };

  it('voids a window from its earliest revocation and drops one void from before it began', () => {
    const terms = qualifiedWorkTerms(
      person(
        [q('A', day(0), day(100)), q('B', day(10), undefined, { workCenter: 'WC-9' }), q('C', day(20))],
        [
          { qualificationId: 'A', effectiveFrom: day(50) },
          { qualificationId: 'A', effectiveFrom: day(40) },
          { qualificationId: 'C', effectiveFrom: day(5) },
        ],
        [
          { revisionId: 'SOP-D', completedAt: day(30) },
          { revisionId: 'SOP-D', completedAt: day(3) },
        ],
      ),
    );
    expect(terms.windows).toEqual([
      { operation: 'turning', workCenter: null, from: BASE, until: BASE + 40 * DAY },
      { operation: 'turning', workCenter: 'WC-9', from: BASE + 10 * DAY },
    ]);
    expect([...terms.trainedFrom]).toEqual([['SOP-D', BASE + 3 * DAY]]);
  });

  it('never covers a step the rule finds unqualified (500 random timelines, revisions with and without training)', () => {
    let covered = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const next = random(seed * 7919);
      const qualifications: QualificationTerms[] = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) => {
        const from = Math.floor(next() * 200);
        return q(`Q${i}`, day(from), next() < 0.5 ? undefined : day(from + 1 + Math.floor(next() * 150)), {
          operation: next() < 0.5 ? 'turning' : 'milling',
          workCenter: next() < 0.3 ? 'WC-2' : null,
          recorded: i + 1,
        });
      });
      const revocations = qualifications
        .filter(() => next() < 0.4)
        .map((x) => ({ qualificationId: x.qualificationId, effectiveFrom: day(Math.floor(next() * 300)) }));
      const trainings = next() < 0.7 ? [{ revisionId: 'SOP-D', completedAt: day(Math.floor(next() * 300)) }] : [];
      const p = person(qualifications, revocations, trainings);
      const terms = qualifiedWorkTerms(p);
      for (let i = 0; i < 30; i++) {
        const s = BASE + Math.floor(next() * 300 * DAY);
        const e = s + Math.floor(next() * 3 * DAY);
        const step = work(new Date(s).toISOString(), new Date(e).toISOString(), {
          operation: next() < 0.5 ? 'turning' : 'milling',
          workCenter: next() < 0.5 ? 'WC-2' : 'WC-3',
          revisionId: next() < 0.5 ? 'SOP-C' : 'SOP-D',
        });
        const inWindow = terms.windows.some(
          (w) =>
            w.operation === step.operation &&
            (w.workCenter === null || w.workCenter === step.workCenter) &&
            w.from <= s &&
            (w.until === undefined || e < w.until),
        );
        const document = step.revisionId === 'SOP-D' ? trainingNeeded : noTrainingNeeded;
        const trained = step.revisionId === 'SOP-C' || (terms.trainedFrom.get(step.revisionId) ?? Infinity) <= s;
        const answer = operatorQualifiedFor(p, document, step);
        if (inWindow && trained) {
          covered++;
          if (answer.qualified !== true) throw new Error(`seed ${seed}: covered by the terms, but the rule says ${answer.qualified} ${answer.reasons}`);
        } else if (!inWindow && answer.qualified === true) {
          throw new Error(`seed ${seed}: qualified, yet no covering window holds the step`);
        }
      }
    }
    expect(covered).toBeGreaterThan(1000);
  });
});
