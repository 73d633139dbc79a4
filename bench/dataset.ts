import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Pool, PoolClient } from 'pg';
import { decodeCheckpoint, jsonbText, linkHashV2OfTexts, PostgresEventStore, START, streamCategoryOf } from '@lotstream/event-store';
import { ProjectionRebuild, ProjectionRunner, READ_MODEL_SCHEMA, STORE_FEED_SOURCE, type ReadModel } from '@lotstream/messaging';
import { openDatabase, poolOf } from '@lotstream/platform';
import { ALL_MIGRATIONS, ALL_READ_MODELS } from '@lotstream/schema';
import { asCorrected, isRejection, type Decision, type DomainEvent, type LoadedStream } from '@lotstream/domain';
import { documentOf, documentStreamId, revisionClaimOf, revisionClaimStreamId } from '@lotstream/documents';
import { equipmentOf } from '@lotstream/metrology/domain';
import { personOf, personStreamId, decideEnrolSigner, decideSetSigningCredential, type PasswordHash } from '@lotstream/personnel';
import { qualityLotOf } from '@lotstream/quality/domain';
import { evolveSupplier, initialSupplierState, samplingPlan, supplierStreamId, type SupplierState } from '@lotstream/suppliers/domain';
import { decideReleaseDocumentRevision } from '../libs/documents/src/document/release-document-revision/release-document-revision';
import { decideRecordMsaStudy } from '../libs/metrology/src/equipment/record-msa-study/record-msa-study';
import { enrolmentTokenHash, hashPassword } from '../libs/personnel/src/signing/password-hash';
import { isReady, releaseGates } from '../libs/quality/src/release/release-gates';
import { decideReleaseLot, releaseIdsOf } from '../libs/quality/src/release/release-lot/release-lot';
import { decideApproveSupplier } from '../libs/suppliers/src/supplier/approve-supplier/approve-supplier';
import { decideRecordReceivingInspection } from '../libs/suppliers/src/supplier/record-receiving-inspection/record-receiving-inspection';
import { decideRegisterSupplier } from '../libs/suppliers/src/supplier/register-supplier/register-supplier';
import { decideResumeSampling } from '../libs/suppliers/src/supplier/resume-sampling/resume-sampling';
import { decideSetSamplingPlan } from '../libs/suppliers/src/supplier/set-sampling-plan/set-sampling-plan';
import { loadReleaseGateRecords } from '../libs/quality/src/release/release-gate-records';
import { bulkBuildReadModels } from './bulk-read-models';
import { copyIn, copyText } from './copy-in';
import { log, serverUrl } from './harness';

/**
 * Realistic, deterministic bench stores, generated fast and kept between runs.
 *
 * Shape: lots come in blocks of six, one per genealogy level. Level 0 is a material lot (received
 * steel, IQC inspections); a lot of level L ≥ 1 is a production lot that consumes the two lots of
 * level L-1 of the previous two blocks (MaterialConsumed on it, MaterialIssued on the input, as the
 * write side records them), runs 10–20 production steps on machines, is inspected in process every
 * fourth step and before shipping (three characteristics, subgroups of five, several gauges),
 * raises a nonconformance now and then, and ships (always at level 5). A level-5 lot therefore has a
 * backward genealogy five levels deep (six lots high); lots of level 2–4 have 2–4 levels. Gauges and
 * machines are registered and calibrated periodically (5% of calibrations found out of tolerance).
 * Each part has about 1,000 production lots, so a capability question covers ~1,000 lots whatever
 * the store size. The events of a block's six lots interleave in the log like concurrent work does.
 *
 * Rows are chained exactly as the store chains them (hash format v2: linkHashV2 over jsonb's own text
 * of the stored form, per stream; every 500th event checked against the server's events_link_hash_v2
 * in the transaction that writes it) and written with COPY in transactions of ~20,000 events; stream
 * heads go to `streams`. `verify()` then
 * holds on the generated store. The read models (`rm`) are built the way a user rebuilds them:
 * ProjectionRebuild (`npx lotstream rebuild`), into a fresh schema swapped in as `rm`, at every
 * size; BENCH_BULK_READ_MODELS=1 uses the set-based bench builder instead (bench/bulk-read-models.ts,
 * which fills the lot, genealogy, inspection and equipment tables only).
 *
 * Generator version 7 adds, each made by the product's own decision functions on the streams as they
 * stand: 32 suppliers approved for their steel with an ISO 2859-1 plan, every material lot received
 * from one of them with a receiving inspection (on the supplier's stream and the lot's; a lot not
 * accepted is released use-as-is), the revision-id claims of the SOP releases, four signers enrolled
 * with a credential, a signed release (LotReleased + RecordSigned) of each shipped lot whose release
 * gates pass, and a gauge R&R study of every gauge before the first lot and every 90 days.
 */

export const GENERATOR_VERSION = 7;
const GENESIS = Date.parse('2026-01-05T06:00:00.000Z');
const EVENT_SPACING_MS = 1000;
const LEVELS = 6;
const LOTS_PER_PART = 1000;
const MACHINES = 24;
const GAUGES = 16;
const SITES = ['SITE-A', 'SITE-B'];
/** Operators (person streams) and the six SOPs of the routing, each with revisions B, C and D. */
const PEOPLE = 300;
const OPERATIONS = ['turning', 'milling', 'drilling', 'grinding', 'deburring', 'washing'];
const personId = (k: number): string => `OPR-${100 + (k % PEOPLE)}`;
const sopOf = (s: number): string => `SOP-${(s % 6) + 10}`;
/**
 * Suppliers of the eight steels, four approved per steel, each with an ISO 2859-1 plan for its
 * steel (level II, AQL 0.65); signers (persons enrolled with a signing credential), two per site.
 */
const STEELS = 8;
const SUPPLIERS = 32;
const supplierIdOf = (k: number): string => `SUP-${String(k % SUPPLIERS).padStart(2, '0')}`;
const SIGNERS = ['QE-A1', 'QE-A2', 'QE-B1', 'QE-B2'];
const signerSite = (k: number): string => SITES[Math.floor(k / 2)];
/** A gauge R&R study of every gauge before the first lot and then every 90 days. */
const MSA_INTERVAL_MS = 90 * 86400000;
const DAY_MS = 86400000;
const iso = (t: number): string => new Date(t).toISOString();

/** The events a decision of the product's write side gives; a refusal is a generator bug. */
function decided<E>(decision: Decision<E>, what: string): E[] {
  if (isRejection(decision)) throw new Error(`generator: the product refuses ${what}: ${decision.detail}`);
  return decision;
}

const CUSTOMERS = Array.from({ length: 24 }, (_, k) => `CUST-${String(k + 1).padStart(2, '0')}`);

export const CHARACTERISTICS = [
  { id: 'OD-12', nominal: 12.0, lsl: 11.985, usl: 12.015, unit: 'mm', sigma: 0.0035, decimals: 4 },
  { id: 'LEN-45', nominal: 45.0, lsl: 44.9, usl: 45.1, unit: 'mm', sigma: 0.022, decimals: 3 },
  { id: 'RA', nominal: 0.5, usl: 0.8, unit: 'um', sigma: 0.07, decimals: 2 },
] as const;
const HARDNESS = { id: 'HRC', nominal: 30, lsl: 28, usl: 32, unit: 'HRC', sigma: 0.5, decimals: 1 };

export interface DatasetInfo {
  name: string;
  url: string;
  targetEvents: number;
  events: number;
  lots: number;
  parts: number;
  /** Seconds to generate and COPY the events (first build; carried over when reused). */
  generateSeconds: number;
  /** Seconds to build the read models from the store (first build). */
  readModelSeconds: number;
  /** Events per second of that read-model build, and what built them. */
  readModelRate: number;
  readModelBuild: string;
  databaseBytes: number;
  eventsTableBytes: number;
  readModelBytes: number;
  reused: boolean;
  /**
   * Level-5 lots (five-level backward genealogy), material lots (forward fan-out), parts, people
   * (every tenth revoked), suppliers with the steel each supplies, and gauge R&R studies recorded.
   */
  sample: {
    topLots: string[];
    materialLots: string[];
    parts: string[];
    people: string[];
    suppliers?: Array<{ supplierId: string; partNumber: string }>;
    studies?: Array<{ equipmentId: string; studyId: string }>;
  };
}

// ---------------------------------------------------------------------------------------------
// Deterministic generation

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): the same seed replays the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Draft {
  streamId: string;
  type: string;
  schemaVersion?: number;
  data: Record<string, unknown>;
  /** Written right after this one, on another stream (MaterialIssued after MaterialConsumed). */
  then?: Draft;
  /**
   * A signed record: the RecordSigned written right after this one on the same stream, given the
   * stream version and chain hash the signature binds (the stream's head before this event).
   */
  sign?: (signs: { streamId: string; streamVersion: number; hash: string }) => Draft;
}

const pad = (n: number): string => String(n).padStart(7, '0');
export const lotNumberOf = (index: number): string => (index % LEVELS === 0 ? `M-${pad(index)}` : `L-${pad(index)}`);
export const partOf = (productionIndex: number, parts: number): string => `PN-${String(productionIndex % parts).padStart(4, '0')}`;
const machineId = (k: number): string => `MC-${String(k % MACHINES).padStart(2, '0')}`;
const gaugeId = (k: number): string => `GA-${String(k % GAUGES).padStart(2, '0')}`;

export function lotsFor(targetEvents: number): number {
  // About 23 events per lot on average (27 per production lot, ~3 per material lot).
  return Math.max(LEVELS * 4, Math.round(targetEvents / 23 / LEVELS) * LEVELS);
}

export function partsFor(lots: number): number {
  return Math.max(1, Math.floor((lots * (LEVELS - 1)) / LEVELS / LOTS_PER_PART));
}

class Generator {
  private readonly random: () => number;
  readonly parts: number;
  private readonly calibrationDue = new Map<string, number>();
  private readonly studyDue = new Map<string, number>();
  /**
   * The events of the streams the write side reads for its decisions (equipment, people, documents,
   * revision claims, and the lots of the last blocks), as they stand when each draft is made.
   */
  private readonly streams = new Map<string, DomainEvent[]>();
  /** Each supplier's state, evolved event by event with the product's evolveSupplier. */
  private readonly suppliers = new Map<string, SupplierState>();
  readonly studies: Array<{ equipmentId: string; studyId: string }> = [];
  readonly counts = { receivingInspections: 0, notAccepted: 0, shipped: 0, released: 0, msaStudies: 0 };

  constructor(readonly lots: number) {
    this.random = prng(0x10757ea);
    this.parts = partsFor(lots);
  }

  private loaded(streamId: string): LoadedStream {
    const events = this.streams.get(streamId) ?? [];
    return { streamId, version: events.length, events };
  }

  /** What the drafts add to the streams kept (and to the suppliers' states). */
  private keep(drafts: readonly Draft[], options: { suppliers?: boolean } = {}): void {
    for (const draft of drafts) {
      for (let d: Draft | undefined = draft; d; d = d.then) {
        if (d.streamId.startsWith('supplier-')) {
          // A supplier's facts are evolved once, where they are decided.
          if (!options.suppliers) continue;
          const supplierId = d.streamId.slice('supplier-'.length);
          this.suppliers.set(supplierId, evolveSupplier(this.suppliers.get(supplierId) ?? initialSupplierState, d as never));
          continue;
        }
        const events = this.streams.get(d.streamId) ?? [];
        events.push({ type: d.type, data: d.data });
        this.streams.set(d.streamId, events);
      }
    }
  }

  /** Lots no later lot reads back (a level-5 lot reaches ten blocks back at most). */
  forget(block: number): void {
    if (block < 0) return;
    for (let level = 0; level < LEVELS; level++) this.streams.delete(`lot-${lotNumberOf(block * LEVELS + level)}`);
  }

  /**
   * Suppliers, before any lot: registered for both sites, approved for their steel by audit a year
   * back, with a sampling plan for it; and the signers: registered, enrolled and with a credential
   * set (the decisions of the product's write side).
   */
  suppliersAndSigners(now: number, credential: PasswordHash, tokenHash: string): Draft[] {
    const drafts: Draft[] = [];
    for (let k = 0; k < SUPPLIERS; k++) {
      const supplierId = supplierIdOf(k);
      const streamId = supplierStreamId(supplierId);
      const steel = `MAT-STEEL-${k % STEELS}`;
      const add = (events: DomainEvent[]) => {
        const made = events.map((e) => ({ streamId, type: e.type, data: e.data }));
        this.keep(made, { suppliers: true });
        drafts.push(...made);
      };
      const state = () => this.suppliers.get(supplierId) ?? initialSupplierState;
      add(decided(decideRegisterSupplier({ supplierId, name: `Acme Steel ${k}`, siteIds: [...SITES] }, state()), `supplier ${supplierId}`));
      add(
        decided(
          decideApproveSupplier(
            {
              supplierId,
              approvalId: `APR-${supplierId}-1`,
              partNumbers: [steel],
              validFrom: iso(now - 365 * DAY_MS),
              basis: 'audit',
              evidenceRef: `AUD-${supplierId}`,
              approvedBy: 'QE-07',
            },
            state(),
          ),
          `approval of ${supplierId}`,
        ),
      );
      add(decided(decideSetSamplingPlan({ supplierId, partNumber: steel, inspectionLevel: 'II', aql: 0.65 }, state()), `plan of ${supplierId}`));
    }
    const at = iso(now - 2 * DAY_MS);
    for (const [k, personId] of SIGNERS.entries()) {
      const streamId = personStreamId(personId);
      const add = (events: DomainEvent[]) => {
        const made = events.map((e) => ({ streamId, type: e.type, data: e.data }));
        this.keep(made);
        drafts.push(...made);
      };
      add([{ type: 'PersonRegistered', data: { personId, name: `Quality engineer ${personId}`, siteId: signerSite(k) } }]);
      add(decided(decideEnrolSigner(personOf(this.loaded(streamId)), tokenHash, at), `enrolment of ${personId}`));
      add(decided(decideSetSigningCredential(personOf(this.loaded(streamId)), { tokenHash, passwordLength: 24 }, credential, at), `credential of ${personId}`));
    }
    return drafts;
  }

  private gaussian(): number {
    const u = 1 - this.random();
    const v = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private measure(c: { nominal: number; sigma: number; decimals: number }, n: number, shift = 0): number[] {
    const f = 10 ** c.decimals;
    return Array.from({ length: n }, () => Math.round((c.nominal + shift + c.sigma * this.gaussian()) * f) / f);
  }

  /** Equipment registration and first calibration, before any lot. */
  equipment(now: number): Draft[] {
    const drafts: Draft[] = [];
    const all = [
      ...Array.from({ length: MACHINES }, (_, k) => ({ id: machineId(k), kind: 'machine', days: 180 })),
      ...Array.from({ length: GAUGES }, (_, k) => ({ id: gaugeId(k), kind: 'gauge', days: 30 })),
    ];
    for (const [k, e] of all.entries()) {
      const streamId = `equipment-${e.id}`;
      drafts.push({
        streamId,
        type: 'EquipmentRegistered',
        data: {
          equipmentId: e.id,
          kind: e.kind,
          description: e.kind === 'gauge' ? `Digital micrometer ${e.id}` : `CNC lathe ${e.id}`,
          siteId: SITES[k % 2],
          calibrationIntervalDays: e.days,
        },
      });
      drafts.push(this.calibration(e.id, now - 86400000, e.days, false));
      this.keep(drafts.slice(-2));
      if (e.kind === 'gauge') drafts.push(this.msaStudy(e.id, now - 2 * DAY_MS));
    }
    return drafts;
  }

  /**
   * A crossed gauge R&R study of a gauge on OD-12 of a part: ten parts × three appraisers × three
   * trials, analysed by the product's decision (decideRecordMsaStudy).
   */
  private msaStudy(equipmentId: string, performedAt: number): Draft {
    this.studyDue.set(equipmentId, performedAt + MSA_INTERVAL_MS);
    const streamId = `equipment-${equipmentId}`;
    const studyId = `MSA-${equipmentId}-${iso(performedAt).slice(0, 10)}`;
    const c = CHARACTERISTICS[0];
    const f = 10 ** c.decimals;
    const truth = Array.from({ length: 10 }, () => c.nominal + c.sigma * this.gaussian());
    const bias = Array.from({ length: 3 }, () => 0.0004 * this.gaussian());
    const measurements = truth.flatMap((x, p) =>
      bias.flatMap((b, a) =>
        [1, 2, 3].map((trial) => ({
          part: `P${p + 1}`,
          appraiser: `APR-${a + 1}`,
          trial,
          value: Math.round((x + b + 0.0006 * this.gaussian()) * f) / f,
        })),
      ),
    );
    const [event] = decided(
      decideRecordMsaStudy(
        {
          equipmentId,
          studyId,
          partNumber: partOf(Number(equipmentId.slice(3)), this.parts),
          characteristic: { id: c.id, unit: c.unit, lsl: c.lsl, usl: c.usl },
          method: 'crossed',
          performedAt: iso(performedAt),
          measurements,
        },
        equipmentOf(this.loaded(streamId)),
      ),
      `MSA study ${studyId}`,
    );
    const draft = { streamId, type: event.type, data: event.data as unknown as Record<string, unknown> };
    this.keep([draft]);
    this.studies.push({ equipmentId, studyId });
    this.counts.msaStudies++;
    return draft;
  }

  /** Gauge R&R studies that fall due by `now`. */
  dueStudies(now: number): Draft[] {
    const drafts: Draft[] = [];
    for (const [id, due] of this.studyDue) if (due <= now) drafts.push(this.msaStudy(id, now));
    return drafts;
  }

  private calibration(equipmentId: string, performedAt: number, days: number, outOfTolerance: boolean): Draft {
    const next = performedAt + days * 86400000;
    this.calibrationDue.set(equipmentId, next);
    return {
      streamId: `equipment-${equipmentId}`,
      type: 'CalibrationRecorded',
      data: {
        calibrationId: `CAL-${equipmentId}-${new Date(performedAt).toISOString().slice(0, 10)}`,
        performedAt: new Date(performedAt).toISOString(),
        asFound: outOfTolerance ? 'out-of-tolerance' : 'in-tolerance',
        asLeft: 'in-tolerance',
        nextDueAt: new Date(next).toISOString(),
        certificateRef: `CERT-${Math.floor(this.random() * 1e6)}`,
        performedBy: 'METRO-LAB-1',
      },
    };
  }

  /**
   * People and procedures, before any lot: six SOPs with revisions B (a year before), C (a month
   * before) and D (in force from the start, training required); 300 operators, each qualified on
   * every operation and trained on D; every tenth qualification revoked retroactively, from half-way.
   */
  peopleAndDocuments(now: number, end: number): Draft[] {
    const drafts: Draft[] = [];
    for (let d = 0; d < 6; d++) {
      const documentId = sopOf(d);
      for (const [r, revision] of ['B', 'C', 'D'].entries()) {
        const revisionId = `${documentId}-${revision}`;
        // The release and the revision id's claim, recorded together as the product records them.
        const decision = decideReleaseDocumentRevision(
          {
            documentId,
            revision,
            revisionId,
            title: `Routing operation ${OPERATIONS[d]}`,
            kind: 'sop',
            siteId: 'SITE-A',
            operations: [OPERATIONS[d]],
            effectiveFrom: new Date(now - [365, 30, 0][r] * 86400000).toISOString(),
            requiresTraining: revision === 'D',
            approvedBy: 'QE-07',
          },
          documentOf(this.loaded(documentStreamId(documentId))),
          revisionClaimOf(this.loaded(revisionClaimStreamId(revisionId))),
        );
        if (isRejection(decision)) throw new Error(`generator: the product refuses revision ${revisionId}: ${decision.detail}`);
        const made: Draft[] = [
          ...decision.release.map((e) => ({ streamId: documentStreamId(documentId), type: e.type, data: e.data })),
          ...decision.claim.map((e) => ({ streamId: revisionClaimStreamId(revisionId), type: e.type, data: e.data })),
        ];
        this.keep(made);
        drafts.push(...made);
      }
    }
    for (let k = 0; k < PEOPLE; k++) {
      const streamId = `person-${personId(k)}`;
      drafts.push({ streamId, type: 'PersonRegistered', data: { personId: personId(k), name: `Operator ${k}`, siteId: SITES[k % 2] } });
      for (const [o, operation] of OPERATIONS.entries()) {
        drafts.push({
          streamId,
          type: 'QualificationGranted',
          data: { qualificationId: `Q-${k}-${o}`, operation, validFrom: new Date(now - 400 * 86400000).toISOString(), grantedBy: 'QE-07' },
        });
        drafts.push({
          streamId,
          type: 'TrainingCompleted',
          data: { trainingId: `T-${k}-${o}`, revisionId: `${sopOf(o)}-D`, completedAt: new Date(now - 86400000).toISOString(), trainer: 'QE-07' },
        });
      }
      if (k % 10 === 0) {
        drafts.push({
          streamId,
          type: 'QualificationRevoked',
          // An operation this operator performs: person k works steps whose operation differs from k mod 6.
          data: { qualificationId: `Q-${k}-${(k + 1) % 6}`, reason: 'certificate found forged', effectiveFrom: new Date((now + end) / 2).toISOString() },
        });
      }
    }
    this.keep(drafts.filter((d) => d.streamId.startsWith('person-')));
    return drafts;
  }

  /** Calibrations that fall due by `now` (a day before their due date). */
  dueCalibrations(now: number): Draft[] {
    const drafts: Draft[] = [];
    for (const [id, due] of this.calibrationDue) {
      if (due - 86400000 > now) continue;
      const days = id.startsWith('GA') ? 30 : 180;
      drafts.push(this.calibration(id, now, days, this.random() < 0.05));
    }
    this.keep(drafts);
    return drafts;
  }

  /** The six lots of block b, their event lists interleaved round-robin. */
  async block(b: number, now: number): Promise<Draft[]> {
    const lists: Draft[][] = [];
    for (let level = 0; level < LEVELS; level++) {
      const index = b * LEVELS + level;
      if (index >= this.lots) break;
      const list = level === 0 ? this.materialLot(index, now) : await this.productionLot(index, level, now);
      this.keep(list);
      lists.push(list);
    }
    const merged: Draft[] = [];
    for (let k = 0; lists.some((l) => k < l.length); k++) for (const l of lists) if (k < l.length) merged.push(l[k]);
    return merged;
  }

  private materialLot(index: number, now: number): Draft[] {
    const lot = lotNumberOf(index);
    const streamId = `lot-${lot}`;
    const block = index / LEVELS;
    const m = block % STEELS;
    const steel = `MAT-STEEL-${m}`;
    // One of the four suppliers approved for the steel, registered with the lot as the write side records a receipt.
    const supplierId = supplierIdOf(m + STEELS * (Math.floor(block / STEELS) % (SUPPLIERS / STEELS)));
    const receivedAt = iso(now);
    const drafts: Draft[] = [
      {
        streamId,
        type: 'LotRegistered',
        data: {
          lotNumber: lot,
          partNumber: steel,
          partRevision: 'A',
          quantity: 2000,
          unit: 'kg',
          siteId: SITES[m % 2],
          kind: 'material',
          supplier: `Acme Steel ${supplierId.slice(4)}`,
          supplierLotNumber: `AS-${index}-${m}`,
          supplierId,
          receivedAt,
          supplierApproved: true,
        },
      },
    ];
    const iqc = 1 + (this.random() < 0.5 ? 1 : 0);
    for (let k = 0; k < iqc; k++) drafts.push(this.inspection(streamId, lot, steel, `IQC-${lot}-${k}`, 'IQC', HARDNESS, 3, gaugeId(m + k), now));
    drafts.push(...this.receivingInspection(supplierId, lot, steel, now + 3600000));
    return drafts;
  }

  /**
   * The ISO 2859-1 receiving inspection of a material lot, decided by the product
   * (decideRecordReceivingInspection) at the supplier's current severity: recorded on the supplier's
   * stream, then on the lot's. A lot not accepted is released use-as-is by a dispositioned
   * nonconformance (so it may be consumed); a discontinued part is resumed first.
   */
  private receivingInspection(supplierId: string, lot: string, steel: string, at: number): Draft[] {
    const drafts: Draft[] = [];
    const supplierStream = supplierStreamId(supplierId);
    let state = this.suppliers.get(supplierId)!;
    if (state.plans.get(steel)?.switching.severity === 'discontinued') {
      const resumed = decided(decideResumeSampling({ supplierId, partNumber: steel, resumedBy: 'QE-07', reason: '8D closed' }, state), 'resumption');
      const made = resumed.map((e) => ({ streamId: supplierStream, type: e.type, data: e.data }));
      this.keep(made, { suppliers: true });
      drafts.push(...made);
      state = this.suppliers.get(supplierId)!;
    }
    const plan = state.plans.get(steel)!;
    const sampleSize = samplingPlan({
      lotSize: 2000,
      inspectionLevel: plan.inspectionLevel,
      aql: plan.aql,
      severity: plan.switching.severity as never,
    }).sampleSize;
    const r = this.random();
    const nonconforming = r < 0.9 ? 0 : r < 0.97 ? 1 : r < 0.99 ? 2 : 3 + Math.floor(this.random() * 3);
    const [event] = decided(
      decideRecordReceivingInspection(
        {
          lotNumber: lot,
          inspectionId: `RI-${lot}`,
          sampleSize,
          nonconforming,
          inspectedAt: iso(at),
          inspectorId: `IQC-INSP-${lot.length % 4}`,
          characteristicIds: ['SURFACE', 'MARKING'],
        },
        { lotNumber: lot, partNumber: steel, quantity: 2000 },
        state,
      ),
      `receiving inspection of ${lot}`,
    );
    const data = event.data as unknown as Record<string, unknown>;
    const inspection: Draft = { streamId: supplierStream, type: event.type, data, then: { streamId: `lot-${lot}`, type: event.type, data } };
    // The supplier's state moves on now: the next receipt of the part is decided on it.
    this.keep([{ ...inspection, then: undefined }], { suppliers: true });
    drafts.push(inspection);
    this.counts.receivingInspections++;
    if (event.data.decision === 'not-accepted') {
      this.counts.notAccepted++;
      const ncId = `NC-${lot}-IQC`;
      drafts.push({
        streamId: `lot-${lot}`,
        type: 'NonconformanceRaised',
        data: { ncId, description: 'Surface defects above the AQL at receipt', quantityAffected: nonconforming },
      });
      drafts.push({ streamId: `lot-${lot}`, type: 'NonconformanceDispositioned', data: { ncId, disposition: 'use-as-is', authorizedBy: 'QE-07' } });
    }
    return drafts;
  }

  private async productionLot(index: number, level: number, now: number): Promise<Draft[]> {
    const lot = lotNumberOf(index);
    const streamId = `lot-${lot}`;
    const productionIndex = index - Math.floor(index / LEVELS) - 1;
    const p = productionIndex % this.parts;
    const part = partOf(productionIndex, this.parts);
    const site = SITES[p % 2];
    const drafts: Draft[] = [
      {
        streamId,
        type: 'LotRegistered',
        data: { lotNumber: lot, partNumber: part, partRevision: 'C', quantity: 500, unit: 'pcs', siteId: site, kind: 'production', routingRevision: 'R3' },
      },
    ];
    for (const back of [7, 13]) {
      const input = index - back;
      if (input < 0) continue;
      const material = input % LEVELS === 0;
      const quantity = material ? 40 : 100;
      const unit = material ? 'kg' : 'pcs';
      drafts.push({
        streamId,
        type: 'MaterialConsumed',
        data: { inputLotNumber: lotNumberOf(input), quantity, unit, stepId: 'OP10' },
        then: { streamId: `lot-${lotNumberOf(input)}`, type: 'MaterialIssued', data: { toLotNumber: lot, quantity, unit } },
      });
    }
    const steps = 10 + Math.floor(this.random() * 11);
    const drift = this.random() < 0.02 ? 0.004 : 0;
    let inspections = 0;
    let quantity = 500;
    let nc: string | undefined;
    for (let s = 0; s < steps; s++) {
      const scrapped = this.random() < 0.15 ? 1 + Math.floor(this.random() * 3) : 0;
      const completedAt = now + s * 1800000;
      drafts.push({
        streamId,
        type: 'ProductionStepCompleted',
        data: {
          stepId: `OP${(s + 1) * 10}`,
          operation: ['turning', 'milling', 'drilling', 'grinding', 'deburring', 'washing'][s % 6],
          sequence: (s + 1) * 10,
          workCenter: `WC-${['LATHE', 'MILL', 'DRILL', 'GRIND', 'DEBURR', 'WASH'][s % 6]}-${1 + (p % 3)}`,
          equipmentIds: s % 3 === 2 ? [machineId(p * 3 + s), machineId(p * 3 + s + 1)] : [machineId(p * 3 + s)],
          operatorId: personId(index * 7 + s),
          // One step in fifty still runs the superseded revision C.
          sopRevision: `${sopOf(s)}-${this.random() < 0.02 ? 'C' : 'D'}`,
          startedAt: new Date(completedAt - 1500000).toISOString(),
          completedAt: new Date(completedAt).toISOString(),
          quantityIn: quantity,
          quantityGood: quantity - scrapped,
          quantityScrapped: scrapped,
          parameters: { spindleSpeedRpm: 2400 + 100 * (s % 5), feedMmPerRev: 0.12, coolant: 'emulsion-6%' },
        },
      });
      quantity -= scrapped;
      if (s % 4 === 3) {
        const c = CHARACTERISTICS[inspections % CHARACTERISTICS.length];
        drafts.push(this.inspection(streamId, lot, part, `IP-${lot}-${s}`, 'IPQC', c, 5, gaugeId(p + inspections), completedAt, drift));
        inspections++;
      }
      if (!nc && this.random() < 0.003) {
        nc = `NC-${lot}-${s}`;
        drafts.push({ streamId, type: 'NonconformanceRaised', data: { ncId: nc, description: 'Burr on chamfer, 3 pcs', quantityAffected: 3 } });
        drafts.push({
          streamId,
          type: 'NonconformanceDispositioned',
          data: { ncId: nc, disposition: ['rework', 'scrap', 'use-as-is'][s % 3], authorizedBy: 'QE-07' },
        });
      }
    }
    for (const [k, c] of CHARACTERISTICS.entries()) {
      drafts.push(this.inspection(streamId, lot, part, `OQC-${lot}-${c.id}`, 'OQC', c, 5, gaugeId(p + k + 7), now + steps * 1800000, drift));
    }
    if (level === LEVELS - 1 || this.random() < 0.1) {
      this.counts.shipped++;
      drafts.push(...(await this.release(lot, index, site, drafts, now + (steps + 1) * 1800000)));
      drafts.push({
        streamId,
        type: 'LotShipped',
        data: {
          shipmentId: `SH-${lot}`,
          customer: CUSTOMERS[(index * 7) % CUSTOMERS.length],
          quantity: Math.min(quantity, 480),
          shippedAt: new Date(now + (steps + 2) * 1800000).toISOString(),
        },
      });
    }
    return drafts;
  }

  /**
   * The signed release of a lot about to ship, when the product's gates pass (releaseGates over the
   * records loadReleaseGateRecords reads: the lot's stream as corrected, the equipment, people,
   * documents and the lots behind it, as stored by then): LotReleased from decideReleaseLot and the
   * RecordSigned the signature verifier writes after it. A lot a gate fails ships unreleased.
   */
  private async release(lot: string, index: number, site: string, own: readonly Draft[], at: number): Promise<Draft[]> {
    const streamId = `lot-${lot}`;
    const events = own.map((d) => ({ type: d.type, data: d.data }));
    const corrected = asCorrected(events);
    const view = { load: async (id: string) => this.loaded(id) };
    const gates = releaseGates(lot, corrected, await loadReleaseGateRecords(view, lot, corrected));
    if (!isReady(gates)) return [];
    const signerIndex = SITES.indexOf(site) * 2 + (index % 2);
    const signer = SIGNERS[signerIndex];
    const releaseId = `REL-${lot}`;
    const stream: LoadedStream = { streamId, version: events.length, events };
    const [released] = decided(decideReleaseLot({ lotNumber: lot, releaseId }, qualityLotOf(stream), releaseIdsOf(events), gates, signer), `release of ${lot}`);
    const person = personOf(this.loaded(personStreamId(signer))).registered!;
    this.counts.released++;
    return [
      {
        streamId,
        type: released.type,
        data: released.data as unknown as Record<string, unknown>,
        sign: (signs) => ({
          streamId,
          type: 'RecordSigned',
          data: {
            signatureId: `${releaseId}:release`,
            personId: signer,
            printedName: person.name,
            meaning: 'released',
            signedAt: iso(at),
            signs,
            signedFor: { eventType: 'LotReleased', id: releaseId },
          },
        }),
      },
    ];
  }

  private inspection(
    streamId: string,
    lot: string,
    part: string,
    inspectionId: string,
    stage: string,
    c: { id: string; nominal: number; lsl?: number; usl?: number; unit: string; sigma: number; decimals: number },
    n: number,
    gauge: string,
    at: number,
    shift = 0,
  ): Draft {
    const measurements = this.measure(c, n, shift);
    const within = (x: number) => (c.lsl === undefined || x >= c.lsl) && (c.usl === undefined || x <= c.usl);
    const characteristic: Record<string, unknown> = { id: c.id, nominal: c.nominal, unit: c.unit };
    if (c.lsl !== undefined) characteristic.lsl = c.lsl;
    if (c.usl !== undefined) characteristic.usl = c.usl;
    return {
      streamId,
      type: 'InspectionRecorded',
      schemaVersion: 2,
      data: {
        inspectionId,
        stage,
        characteristic,
        measurements,
        gaugeId: gauge,
        inspectorId: `INSP-${(lot.length + n) % 9}`,
        inspectedAt: new Date(at).toISOString(),
        verdict: measurements.every(within) ? 'pass' : 'fail',
        partNumber: part,
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Chaining and writing

interface Head {
  version: number;
  hash: string | null;
  updatedAt: string;
}

const EVENT_COPY = `COPY events (event_id, stream_id, stream_category, stream_version, type, schema_version, data, metadata,
  occurred_at, recorded_at, prev_hash, hash, hash_version) FROM STDIN`;

/** Events of the COPY whose hashes the server recomputes (none may differ). */
const SELF_CHECK_SQL = `SELECT count(*)::int AS checked,
    count(*) FILTER (WHERE hash IS DISTINCT FROM events_link_hash_v2(event_id, stream_id, stream_version, type, schema_version,
                     data, metadata, occurred_at, recorded_at, prev_hash))::int AS differing
  FROM events WHERE event_id = ANY($1::uuid[])`;
const STREAMS_COPY = `COPY streams (stream_id, category, version, head_hash, updated_at) FROM STDIN`;

class Writer {
  private readonly heads = new Map<string, Head>();
  private lines: string[] = [];
  private finishedHeads: string[] = [];
  private sampled: string[] = [];
  private pending: Promise<unknown> = Promise.resolve();
  events = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly chunk = 20000,
  ) {}

  now(): number {
    return GENESIS + this.events * EVENT_SPACING_MS;
  }

  add(draft: Draft): void {
    for (let d: Draft | undefined = draft; d; d = d.then) {
      const head = this.heads.get(d.streamId);
      this.addOne(d);
      if (d.sign) {
        if (!head?.hash) throw new Error(`generator: a signed record on ${d.streamId} needs events before it`);
        this.addOne(d.sign({ streamId: d.streamId, streamVersion: head.version, hash: head.hash }));
      }
    }
  }

  private addOne(draft: Draft): void {
    const head = this.heads.get(draft.streamId) ?? { version: 0, hash: null, updatedAt: '' };
    const recordedAt = new Date(this.now()).toISOString();
    const occurredAt = new Date(this.now() - 30000).toISOString();
    const eventId = randomUUID();
    const version = head.version + 1;
    const schemaVersion = draft.schemaVersion ?? 1;
    const k = this.events;
    const metadata = {
      actor: { keyId: `key-mes-${k % 3}`, role: 'integration', label: `MES line ${k % 3}` },
      siteId: SITES[k % 2],
      correlationId: `corr-${k}`,
      idempotencyKey: `mes-${k}`,
    };
    // One serialisation each: jsonb's text is what hash format v2 covers and, being JSON, what is stored.
    const dataText = jsonbText(draft.data);
    const metadataText = jsonbText(metadata);
    const hash = linkHashV2OfTexts({
      eventId,
      streamId: draft.streamId,
      streamVersion: version,
      type: draft.type,
      schemaVersion,
      dataText,
      metadataText,
      occurredAt,
      recordedAt,
      prevHash: head.hash,
    });
    if (this.events % 500 === 0) this.sampled.push(eventId);
    this.lines.push(
      [
        eventId,
        copyText(draft.streamId),
        streamCategoryOf(draft.streamId),
        version,
        draft.type,
        schemaVersion,
        copyText(dataText),
        copyText(metadataText),
        occurredAt,
        recordedAt,
        copyText(head.hash),
        hash,
        2,
      ].join('\t'),
    );
    this.heads.set(draft.streamId, { version, hash, updatedAt: recordedAt });
    this.events++;
  }

  /** Streams that will get no more events: their heads go to `streams` with the next flush. */
  retire(streamId: string): void {
    const head = this.heads.get(streamId);
    if (!head) return;
    this.finishedHeads.push([copyText(streamId), streamCategoryOf(streamId), head.version, head.hash, head.updatedAt].join('\t'));
    this.heads.delete(streamId);
  }

  async maybeFlush(): Promise<void> {
    if (this.lines.length >= this.chunk) await this.flush();
  }

  /** Starts the COPY of what is buffered and returns once the previous COPY finished (one in flight). */
  async flush(): Promise<void> {
    const events = this.lines;
    const heads = this.finishedHeads;
    const sampled = this.sampled;
    this.lines = [];
    this.finishedHeads = [];
    this.sampled = [];
    await this.pending;
    if (events.length === 0 && heads.length === 0) return;
    this.pending = (async () => {
      await this.client.query('BEGIN');
      if (events.length) await copyIn(this.client, EVENT_COPY, events.join('\n') + '\n');
      if (sampled.length) {
        // The generator's hashes must be the ones verify() recomputes in the server.
        const { rows } = await this.client.query(SELF_CHECK_SQL, [sampled]);
        if (rows[0].checked !== sampled.length || rows[0].differing > 0) {
          throw new Error(`linkHashV2 differs from events_link_hash_v2 on ${rows[0].differing} of ${sampled.length} sampled events`);
        }
      }
      if (heads.length) await copyIn(this.client, STREAMS_COPY, heads.join('\n') + '\n');
      await this.client.query('COMMIT');
    })();
  }

  async finish(): Promise<void> {
    for (const streamId of [...this.heads.keys()]) this.retire(streamId);
    await this.flush();
    await this.pending;
  }
}

async function generateEvents(
  pool: Pool,
  targetEvents: number,
  onProgress: (events: number) => void,
): Promise<{ events: number; lots: number; parts: number; studies: Array<{ equipmentId: string; studyId: string }>; counts: Generator['counts'] }> {
  const lots = lotsFor(targetEvents);
  const generator = new Generator(lots);
  const client = await pool.connect();
  try {
    await client.query('SET synchronous_commit = off'); // generation only: the data is rebuilt if a crash loses it
    const writer = new Writer(client);
    // One credential for the signers (a scrypt hash, as SetSigningCredential stores it).
    const enrolment = enrolmentTokenHash('bench-enrolment');
    const credential = await hashPassword('bench signer password');
    for (const draft of generator.equipment(writer.now())) writer.add(draft);
    for (const draft of generator.suppliersAndSigners(writer.now(), credential, enrolment)) writer.add(draft);
    // The lots' time span: one event a second, so the revocations fall half-way through the steps.
    for (const draft of generator.peopleAndDocuments(writer.now(), writer.now() + targetEvents * EVENT_SPACING_MS)) writer.add(draft);
    const blocks = Math.ceil(lots / LEVELS);
    for (let b = 0; b < blocks; b++) {
      for (const draft of generator.dueCalibrations(writer.now())) writer.add(draft);
      for (const draft of generator.dueStudies(writer.now())) writer.add(draft);
      for (const draft of await generator.block(b, writer.now())) writer.add(draft);
      // Inputs are consumed two blocks later at most: older lots are done.
      if (b >= 3) for (let level = 0; level < LEVELS; level++) writer.retire(`lot-${lotNumberOf((b - 3) * LEVELS + level)}`);
      generator.forget(b - 12);
      await writer.maybeFlush();
      if (b % 2000 === 0) onProgress(writer.events);
    }
    await writer.finish();
    log(`  generated: ${JSON.stringify(generator.counts)}`);
    return { events: writer.events, lots, parts: generator.parts, studies: generator.studies, counts: generator.counts };
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// Read models

/**
 * Safe order reads only transactions older than every transaction running on the server (xids are
 * cluster-wide, so another database's long transaction holds readers back too). Waits until every
 * event of the store is below that horizon, so a replay sees the whole store.
 */
export async function waitForHorizon(pool: Pool, timeoutMs = 600000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query(`SELECT coalesce((SELECT max(transaction_id) FROM events) < pg_snapshot_xmin(pg_current_snapshot()), true) AS clear`);
    if (rows[0].clear) return;
    if (Date.now() > deadline) throw new Error('events still held back by an older running transaction');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Replays the whole store into `schema` with the product's ProjectionRunner, a page at a time in
 * safe order with its checkpoint, as the live in-process feed applies them: the reference a
 * rebuild's tables are compared with.
 */
export async function replayInto(
  pool: Pool,
  schema: string,
  options: { pageSize?: number; onProgress?: (events: number) => void; readModels?: ReadModel[] } = {},
): Promise<{ events: number; seconds: number }> {
  const store = new PostgresEventStore(pool);
  const runner = new ProjectionRunner(pool, options.readModels ?? ALL_READ_MODELS, schema);
  await runner.ensureSchema();
  await waitForHorizon(pool);
  const pageSize = options.pageSize ?? 1000;
  const started = process.hrtime.bigint();
  let cursor = START;
  let applied = 0;
  let lastReport = 0;
  for (;;) {
    const page = await store.readAll(cursor, pageSize);
    if (page.events.length === 0) break;
    await runner.apply(page.events, { source: STORE_FEED_SOURCE, value: page.next });
    applied += page.events.length;
    cursor = decodeCheckpoint(page.next)!;
    if (options.onProgress && applied - lastReport >= 100000) {
      lastReport = applied;
      options.onProgress(applied);
    }
    if (page.events.length < pageSize) break;
  }
  return { events: applied, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * The product's rebuild of every read model (what `npx lotstream rebuild` runs): into a fresh
 * schema, swapped in as `rm` when caught up. Logs progress every 100,000 events; returns the
 * seconds spent in each state of the rebuild as well.
 */
export async function rebuildReadModels(pool: Pool, label: string): Promise<{ events: number; seconds: number; phases: Record<string, number> }> {
  await waitForHorizon(pool);
  const rebuild = new ProjectionRebuild(pool, new PostgresEventStore(pool), ALL_READ_MODELS, () => undefined);
  const phases: Record<string, number> = {};
  let state = 'building';
  let reported = 0;
  const started = process.hrtime.bigint();
  let since = started;
  const done = await rebuild.runToEnd((progress) => {
    if (progress.state !== state) {
      const now = process.hrtime.bigint();
      phases[state] = (phases[state] ?? 0) + Number(now - since) / 1e9;
      since = now;
      state = progress.state;
      log(`${label}: ${state}, ${progress.eventsApplied.toLocaleString('en-US')} events applied`);
    } else if (progress.eventsApplied - reported >= 100000) {
      reported = progress.eventsApplied;
      log(`${label}: ${progress.eventsApplied.toLocaleString('en-US')} events applied`);
    }
  });
  return { events: done.eventsApplied, seconds: Number(process.hrtime.bigint() - started) / 1e9, phases };
}

// ---------------------------------------------------------------------------------------------
// Named, reusable databases

export function datasetName(targetEvents: number): string {
  const label = targetEvents % 1_000_000 === 0 ? `${targetEvents / 1_000_000}m` : targetEvents % 1000 === 0 ? `${targetEvents / 1000}k` : String(targetEvents);
  return `lotstream_bench_${label}`;
}

function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    return (await admin.query(sql, params)).rows as T[];
  } finally {
    await admin.end();
  }
}

async function sizes(pool: Pool, name: string): Promise<Pick<DatasetInfo, 'databaseBytes' | 'eventsTableBytes' | 'readModelBytes'>> {
  const { rows } = await pool.query(
    `SELECT pg_database_size($1)::bigint AS db, pg_total_relation_size('events')::bigint AS events,
            (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $2 AND c.relkind = 'r')::bigint AS rm`,
    [name, READ_MODEL_SCHEMA],
  );
  return { databaseBytes: Number(rows[0].db), eventsTableBytes: Number(rows[0].events), readModelBytes: Number(rows[0].rm) };
}

function sampleOf(lots: number, parts: number, studies: Array<{ equipmentId: string; studyId: string }>): DatasetInfo['sample'] {
  const blocks = Math.floor(lots / LEVELS);
  const pick = (level: number) => Array.from({ length: 200 }, (_, k) => lotNumberOf((Math.floor(((k + 0.5) * blocks) / 200) % blocks) * LEVELS + level));
  return {
    topLots: [...new Set(pick(LEVELS - 1))],
    materialLots: [...new Set(pick(0))],
    people: Array.from({ length: 30 }, (_, k) => personId(k * 10 + (k % 2))),
    parts: Array.from({ length: Math.min(parts, 50) }, (_, k) => `PN-${String(Math.floor((k * parts) / Math.min(parts, 50))).padStart(4, '0')}`),
    suppliers: Array.from({ length: SUPPLIERS }, (_, k) => ({ supplierId: supplierIdOf(k), partNumber: `MAT-STEEL-${k % STEELS}` })),
    studies,
  };
}

/**
 * BENCH_NICE_BUILD=1: the PostgreSQL backends of the build's own connections run at nice 19, so a
 * long build (the 10M store) yields the CPU to measurements running at the same time.
 */
function niceBackends(pool: Pool): void {
  const renice = (pid: number) => execFile('renice', ['-n', '19', '-p', String(pid)], () => undefined);
  pool.on('connect', (client) => {
    client.query('SELECT pg_backend_pid() AS pid').then(
      (r) => renice(r.rows[0].pid),
      () => undefined,
    );
  });
  pool.query('SELECT pg_backend_pid() AS pid').then(
    (r) => renice(r.rows[0].pid),
    () => undefined,
  );
}

/**
 * The bench store of about `targetEvents` events, with its read models: reused when a database of
 * that name holds a complete build of this generator version, else (re)generated.
 */
export async function ensureDataset(targetEvents: number): Promise<DatasetInfo> {
  const name = datasetName(targetEvents);
  const url = databaseUrl(name);
  const exists = (await adminQuery(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).length > 0;
  if (exists) {
    const pool = new Pool({ connectionString: url, max: 2 });
    try {
      const meta = await pool.query(`SELECT value FROM bench_dataset WHERE key = 'info'`).catch(() => ({ rows: [] as any[] }));
      const info = meta.rows[0]?.value as (DatasetInfo & { generatorVersion: number }) | undefined;
      if (info && info.generatorVersion === GENERATOR_VERSION && info.targetEvents === targetEvents) {
        const { rows } = await pool.query(`SELECT count(*)::bigint AS n FROM events`);
        if (Number(rows[0].n) === info.events) {
          log(`dataset ${name}: reusing ${info.events.toLocaleString('en-US')} events`);
          return { ...info, ...(await sizes(pool, name)), url, reused: true };
        }
      }
    } finally {
      await pool.end();
    }
  }
  // Events already complete (a build interrupted while making the read models): keep them.
  let generated:
    { events: number; lots: number; parts: number; generateSeconds: number; studies?: Array<{ equipmentId: string; studyId: string }> } | undefined;
  if (exists) {
    const pool = new Pool({ connectionString: url, max: 2 });
    try {
      const meta = await pool.query(`SELECT value FROM bench_dataset WHERE key = 'events'`).catch(() => ({ rows: [] as any[] }));
      const events = meta.rows[0]?.value;
      if (events && events.generatorVersion === GENERATOR_VERSION && events.targetEvents === targetEvents) {
        const { rows } = await pool.query(`SELECT count(*)::bigint AS n FROM events`);
        if (Number(rows[0].n) === events.events) generated = events;
      }
      // BENCH_BULK_ONLY: finish the tables an interrupted bulk build left out (its statements are idempotent).
      if (generated && !process.env.BENCH_BULK_ONLY) await pool.query(`DROP SCHEMA IF EXISTS ${READ_MODEL_SCHEMA} CASCADE`);
    } finally {
      await pool.end();
    }
    if (!generated) {
      log(`dataset ${name}: incomplete or of another generator version; regenerating`);
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } else {
      log(`dataset ${name}: events complete (${generated.events.toLocaleString('en-US')}); building the read models again`);
    }
  }
  if (!generated) await adminQuery(`CREATE DATABASE "${name}"`);
  const dataSource = await openDatabase(url, ALL_MIGRATIONS, 8);
  const pool = poolOf(dataSource);
  if (process.env.BENCH_NICE_BUILD === '1') niceBackends(pool);
  try {
    let started = process.hrtime.bigint();
    if (!generated) {
      log(`dataset ${name}: generating ~${targetEvents.toLocaleString('en-US')} events`);
      const written = await generateEvents(pool, targetEvents, (n) => log(`  ${n.toLocaleString('en-US')} events written`));
      generated = { ...written, generateSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
      await pool.query('ANALYZE');
      await pool.query(`CREATE TABLE IF NOT EXISTS bench_dataset (key text PRIMARY KEY, value jsonb NOT NULL)`);
      await pool.query(`INSERT INTO bench_dataset (key, value) VALUES ('events', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
        JSON.stringify({ generatorVersion: GENERATOR_VERSION, targetEvents, ...generated }),
      ]);
    }
    const generateSeconds = generated.generateSeconds;
    log(`dataset ${name}: ${generated.events.toLocaleString('en-US')} events in ${generateSeconds.toFixed(0)} s; building read models`);
    started = process.hrtime.bigint();
    // The product's rebuild at every size (it fills every read model); BENCH_BULK_READ_MODELS=1 takes the
    // set-based bench builder instead (bench/bulk-read-models.ts), which fills the lot, genealogy,
    // inspection and equipment tables only.
    const bulk = process.env.BENCH_BULK_READ_MODELS === '1';
    const readModelBuild = bulk ? 'set-based bulk build, bench/bulk-read-models.ts' : 'ProjectionRebuild';
    const replay = bulk ? await bulkBuildReadModels(pool, READ_MODEL_SCHEMA) : await rebuildReadModels(pool, '  read models');
    if (bulk) {
      // As ProjectionRebuild leaves its tables: vacuumed (all-visible, so index-only scans work) and analysed.
      const { rows } = await pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [READ_MODEL_SCHEMA]);
      for (const { tablename } of rows) await pool.query(`VACUUM (ANALYZE) ${READ_MODEL_SCHEMA}.${tablename}`);
    }
    await pool.query('ANALYZE');
    const readModelSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const info = {
      generatorVersion: GENERATOR_VERSION,
      name,
      url,
      targetEvents,
      events: generated.events,
      lots: generated.lots,
      parts: generated.parts,
      generateSeconds,
      readModelSeconds,
      readModelRate: replay.events / replay.seconds,
      readModelBuild,
      sample: sampleOf(generated.lots, generated.parts, generated.studies ?? []),
    };
    await pool.query(`CREATE TABLE IF NOT EXISTS bench_dataset (key text PRIMARY KEY, value jsonb NOT NULL)`);
    await pool.query(`INSERT INTO bench_dataset (key, value) VALUES ('info', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
      JSON.stringify(info),
    ]);
    await pool.query('CHECKPOINT').catch(() => undefined);
    log(`dataset ${name}: read models in ${readModelSeconds.toFixed(0)} s (${Math.round(info.readModelRate)} events/s, ${readModelBuild})`);
    return { ...info, ...(await sizes(pool, name)), reused: false };
  } finally {
    await dataSource.destroy();
  }
}
