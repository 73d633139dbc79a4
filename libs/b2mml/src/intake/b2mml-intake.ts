import { createHash } from 'node:crypto';
import type { Actor } from '@lotstream/access';
import { canSeeSite } from '@lotstream/access';
import { problem, ProblemError } from '@lotstream/platform';
import type { EventStore } from '@lotstream/event-store';
import type { CommandResult, CommandRunner, RawCommand } from '@lotstream/recording';
import { lotStreamId } from '@lotstream/production/domain';
import type { LotQueries, LotSummary } from '@lotstream/traceability';
import { mapBod, MappedNoun } from '../mapping/b2mml-mapping';
import { Bod, isBodProblem, readBod } from '../mapping/bod';
import { ElementPaths, refusalWithElementPaths } from '../mapping/element-paths';
import { B2mmlSenderMapping, DEFAULT_SENDER, senderStreamId } from '../senders/b2mml-sender.events';
import { evolveSenderMapping } from '../senders/b2mml-sender.state';
import { DEFAULT_XML_LIMITS, isXmlRefusal, parseXml } from '../xml/secure-xml';
import type { B2mmlAnswer, NounResult } from './acknowledgement';
import { lotHoldState, requestedLots, showMaterialLotXml, ShownLot } from './show-material-lot';

export interface B2mmlIntakeDeps {
  /** The mapping in force for a sender logical id, or null when none was configured. */
  senderMapping(logicalId: string): Promise<B2mmlSenderMapping | null>;
  /** One noun's commands, stored all or nothing (CommandRunner.runAllOrNothing). */
  runAllOrNothing(commands: RawCommand[], actor: Actor, correlationId: string): Promise<CommandResult[]>;
  /** The lot summary read model (undefined when unknown or of a site out of the actor's scope). */
  lotSummary(lotNumber: string, actor: Actor): Promise<LotSummary | undefined>;
  /** The lot's own stream, for its hold/release state. */
  lotEvents(lotNumber: string): Promise<Array<{ type: string; data: Record<string, unknown> }>>;
}

/** What a Get answers: ShowMaterialLot as XML and the same as JSON. */
export interface B2mmlShow {
  bodId: string | null;
  show: string;
  version: string;
  lots: ShownLot[];
  xml: string;
}

/** A BODID usable inside an idempotency key (1–200 printable ASCII with room for the suffix), else its hash. */
const SAFE_BOD_ID = /^[\x21-\x7e]{1,120}$/;

/** Most lots one GetMaterialLot is answered for. */
const MAX_GET_LOTS = 100;

/**
 * One BOD in, one answer out: parse safely, read the BOD, find the sender's mapping, map each noun
 * and run its commands all or nothing (each answered like a /v1/batch item). Each command's idempotency key is
 * `b2mml:<BODID or document hash>:<noun position>:<command index>`, so a redelivered BOD appends
 * nothing and gets the same answer. Shared by the HTTP route and the Kafka intake.
 */
export class B2mmlIntake {
  constructor(private readonly deps: B2mmlIntakeDeps) {}

  /** Parses and reads the BOD; a refusal is a ProblemError (400 unsafe/malformed, 422 version). */
  static read(xml: string): Bod {
    const root = parseXml(xml, DEFAULT_XML_LIMITS);
    if (isXmlRefusal(root)) throw new ProblemError(problem(400, `xml-${root.refused}`, root.detail));
    const bod = readBod(root);
    if (isBodProblem(bod)) throw new ProblemError(problem(bod.status, bod.problemType, bod.detail, bod.errors ? { errors: bod.errors } : {}));
    return bod;
  }

  /** Whether the BOD is a Get this intake answers (GetMaterialLot → ShowMaterialLot). */
  static isGet(bod: Bod): boolean {
    return bod.verb === 'Get' && bod.noun === 'MaterialLot';
  }

  /** GetMaterialLot → ShowMaterialLot: quantity and status from the lot summary, hold/release state from the lot stream. */
  async show(bod: Bod, actor: Actor): Promise<B2mmlShow> {
    const lots: ShownLot[] = [];
    for (const lotNumber of requestedLots(bod).slice(0, MAX_GET_LOTS)) {
      const summary = await this.deps.lotSummary(lotNumber, actor);
      if (summary) lots.push({ ...summary, ...lotHoldState(await this.deps.lotEvents(lotNumber)) });
    }
    return { bodId: bod.bodId ?? null, show: 'ShowMaterialLot', version: bod.version, lots, xml: showMaterialLotXml(bod, lots) };
  }

  async record(xml: string, bod: Bod, actor: Actor, correlationId: string): Promise<B2mmlAnswer> {
    if (bod.verb !== 'Sync' && bod.verb !== 'Process') {
      throw new ProblemError(
        problem(
          422,
          'unsupported-b2mml-verb',
          `The verb ${bod.verb} is not supported for ${bod.noun}: Lotstream records Sync and Process, and answers Get with Show.`,
        ),
      );
    }
    const sender = await this.sender(bod, actor);
    const mapped = mapBod(bod, sender);
    const documentKey = bod.bodId && SAFE_BOD_ID.test(bod.bodId) ? bod.bodId : sha256(bod.bodId ?? xml);
    // One noun, one transaction: the commands a noun becomes (a lot and its sub-lots, a performance
    // with its consumptions, a test result's inspections) are stored all or nothing; nouns stay
    // independent of each other.
    const nouns: NounResult[] = [];
    for (const noun of mapped) {
      const commands: RawCommand[] = noun.commands.map((command, index) => ({
        type: command.type,
        payload: command.payload,
        idempotencyKey: `b2mml:${documentKey}:${noun.position}:${index}`,
      }));
      const results = commands.length > 0 ? await this.runNoun(noun, commands, actor, correlationId) : [];
      nouns.push(
        nounResult(
          noun,
          commands.map((command, i) => ({ type: String(command.type), result: results[i], paths: noun.commands[i].paths })),
        ),
      );
    }
    return {
      bodId: bod.bodId ?? null,
      acknowledgement: bod.verb === 'Process' ? `Acknowledge${bod.noun}` : 'ConfirmBOD',
      version: bod.version,
      verb: bod.verb,
      noun: bod.noun,
      nouns,
    };
  }

  /**
   * A noun's commands, all or nothing. A Produced lot refused as already registered is answered 200
   * when the lot was registered with the same facts (another step, another BOD, the JSON intake), and
   * the noun's other commands run without it; with other facts the 409 stands.
   */
  private async runNoun(noun: MappedNoun, commands: RawCommand[], actor: Actor, correlationId: string): Promise<CommandResult[]> {
    const settled = new Map<number, CommandResult>();
    for (;;) {
      const pending = commands.flatMap((_, i) => (settled.has(i) ? [] : [i]));
      const results =
        pending.length > 0
          ? await this.deps.runAllOrNothing(
              pending.map((i) => commands[i]),
              actor,
              correlationId,
            )
          : [];
      const of = new Map(pending.map((i, k) => [i, results[k]]));
      const refused = pending.find(
        (i) => noun.commands[i].acceptRegistered && of.get(i)!.status === 409 && String(of.get(i)!.body.type).endsWith('/lot-already-registered'),
      );
      const registered = refused !== undefined ? await this.registeredAlike(noun.commands[refused].payload) : undefined;
      if (refused === undefined || !registered) return commands.map((_, i) => settled.get(i) ?? of.get(i)!);
      settled.set(refused, registered);
    }
  }

  /** The answer for a lot whose LotRegistered holds every fact of this RegisterLot payload, else undefined. */
  private async registeredAlike(payload: Record<string, unknown>): Promise<CommandResult | undefined> {
    const lotNumber = String(payload.lotNumber);
    const events = await this.deps.lotEvents(lotNumber);
    const at = events.findIndex((e) => e.type === 'LotRegistered');
    if (at < 0 || !sameFacts(payload, events[at].data)) return undefined;
    const streamId = lotStreamId(lotNumber);
    const detail = `Lot ${lotNumber} is already registered with these facts; nothing was appended for it.`;
    return { status: 200, body: { streamId, streamVersion: at + 1, detail }, streamId, streamVersion: at + 1 };
  }

  /** The BOD's sender mapping, else `default`; one of a site the key does not see is as unknown. */
  async sender(bod: Bod, actor: Actor): Promise<B2mmlSenderMapping> {
    const named = bod.senderLogicalId ? await this.deps.senderMapping(bod.senderLogicalId) : null;
    const mapping = named ?? (await this.deps.senderMapping(DEFAULT_SENDER));
    if (!mapping || !canSeeSite(actor, mapping.siteId)) {
      throw new ProblemError(
        problem(
          422,
          'unknown-sender',
          `No B2MML sender mapping is configured for ${bod.senderLogicalId ? `"${bod.senderLogicalId.slice(0, 64)}"` : 'a BOD without a sender'} and there is no default.`,
          { errors: [{ field: 'ApplicationArea/Sender/LogicalID', message: 'configure the sender with PUT /v1/integrations/b2mml/senders/{logicalId}' }] },
        ),
      );
    }
    return mapping;
  }
}

function nounResult(noun: MappedNoun, commands: Array<{ type: string; result: CommandResult; paths: ElementPaths }>): NounResult {
  const base = { position: noun.position, noun: noun.noun, ...(noun.id !== undefined ? { id: noun.id } : {}) };
  if (noun.problem) {
    const { status, problemType, detail, errors } = noun.problem;
    return { ...base, status, commands: [], problem: problem(status, problemType, detail, { errors }) as unknown as Record<string, unknown> };
  }
  // A command-side refusal names Lotstream fields; the integrator fixes B2MML elements, so each field
  // is named by the element path the mapping read it from (424 not-written is no refusal of its own).
  // Something the noun names that is not recorded (lot-not-found: a step or consumption of an unknown
  // production lot) is a noun Lotstream cannot map: 422, as issue 20 asks, the problem type kept.
  const results = commands.map(({ type, result, paths }) => {
    if (result.status === 201 || result.status === 200) {
      const detail = typeof result.body.detail === 'string' ? { detail: result.body.detail } : {};
      return { type, status: result.status, streamId: result.streamId, streamVersion: result.streamVersion, ...detail };
    }
    if (result.status === 424) return { type, status: result.status, problem: result.body };
    const status = result.status === 404 ? 422 : result.status;
    return { type, status, problem: refusalWithElementPaths({ ...result.body, status }, paths, noun.noun) };
  });
  // The refused command's status, not the 424 of the others left unwritten with it.
  const failures = results.filter((r) => r.status !== 201 && r.status !== 200);
  const failed = failures.find((r) => r.status !== 424) ?? failures[0];
  const status = failed ? failed.status : results.length > 0 && results.every((r) => r.status === 200) ? 200 : 201;
  return { ...base, status, commands: results };
}

/** Every fact the command gives (its time aside, which is no fact of the lot) is the registered one. */
const sameFacts = (payload: Record<string, unknown>, registered: Record<string, unknown>): boolean =>
  Object.entries(payload).every(([field, value]) => field === 'occurredAt' || JSON.stringify(registered[field]) === JSON.stringify(value));

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The intake over the store (sender mappings are read from their own streams, never a read model) and the runner. */
export function b2mmlIntakeOf(runner: CommandRunner, store: EventStore, lots: LotQueries): B2mmlIntake {
  return new B2mmlIntake({
    senderMapping: async (logicalId) => {
      const events = await store.readStream(senderStreamId(logicalId));
      return events.reduce<B2mmlSenderMapping | null>((state, event) => evolveSenderMapping(state, event as never), null);
    },
    runAllOrNothing: (commands, actor, correlationId) => runner.runAllOrNothing(commands, actor, correlationId),
    lotSummary: (lotNumber, actor) => lots.summary(lotNumber, actor.sites),
    lotEvents: async (lotNumber) => (await store.readStream(lotStreamId(lotNumber))).map((e) => ({ type: e.type, data: e.data as Record<string, unknown> })),
  });
}
