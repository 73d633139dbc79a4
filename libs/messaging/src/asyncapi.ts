import { COMMAND_TYPES } from '@lotstream/recording';
import { EventTopic, PUBLISHED_EVENT_TYPES, topicNames } from './topics';

/**
 * The AsyncAPI 3.0 document of the Kafka contract (docs/api.md, Kafka): the four event topics with
 * the envelope and every event's data as a oneOf by `type`, and the MES command, result and
 * dead-letter topics. Built beside the topic definitions so a new event type without a schema
 * fails its unit test. Served at GET /docs/asyncapi.json.
 */
type Schema = Record<string, unknown>;

const ID = { type: 'string', pattern: '^[A-Za-z0-9._:/-]{1,64}$' };
const text = (maxLength = 200): Schema => ({ type: 'string', minLength: 1, maxLength });
const instant: Schema = { type: 'string', format: 'date-time' };
const count: Schema = { type: 'integer', minimum: 0 };
const quantity: Schema = { type: 'number', exclusiveMinimum: 0 };
const oneOfValues = (...values: string[]): Schema => ({ type: 'string', enum: values });
const object = (required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema => ({
  type: 'object',
  required: Object.keys(required),
  properties: { ...required, ...optional },
  additionalProperties: false,
});

const characteristic = object({ id: ID, unit: text(32) }, { lsl: { type: 'number' }, usl: { type: 'number' }, nominal: { type: 'number' } });
const stage = oneOfValues('IQC', 'IPQC', 'OQC', 'FAI');
const verdict = oneOfValues('pass', 'fail', 'n/a');
const tolerance = oneOfValues('in-tolerance', 'out-of-tolerance');
const parameters: Schema = { type: 'object', additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }] } };
const step = object(
  {
    stepId: ID,
    operation: text(),
    sequence: { type: 'integer', minimum: 1 },
    workCenter: text(64),
    equipmentIds: { type: 'array', minItems: 1, items: ID },
    operatorId: ID,
    sopRevision: text(64),
    startedAt: instant,
    completedAt: instant,
    quantityIn: count,
    quantityGood: count,
    quantityScrapped: count,
  },
  { parameters },
);
const inspection = (extra: Record<string, Schema> = {}): Schema =>
  object({
    inspectionId: ID,
    stage,
    characteristic,
    measurements: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'number' } },
    gaugeId: ID,
    inspectorId: ID,
    inspectedAt: instant,
    verdict,
    ...extra,
  });

/** The `data` of every published event type (the shapes of the domain's *.events.ts). */
export const EVENT_DATA_SCHEMAS: Record<string, Schema> = {
  LotRegistered: object(
    { lotNumber: ID, partNumber: ID, partRevision: text(64), quantity, unit: text(32), siteId: ID, kind: oneOfValues('production', 'material') },
    {
      supplier: text(),
      supplierLotNumber: ID,
      supplierId: ID,
      receivedAt: instant,
      supplierApproved: { type: 'boolean' },
      certificateRefs: { type: 'array', maxItems: 20, items: ID },
      routingRevision: text(64),
      splitFrom: ID,
    },
  ),
  MaterialConsumed: object({ inputLotNumber: ID, quantity, unit: text(32) }, { stepId: ID }),
  MaterialIssued: object({ toLotNumber: ID, quantity, unit: text(32) }),
  LotSplit: object({ childLotNumber: ID, quantity }),
  ProductionStepCompleted: step,
  LotShipped: object({ shipmentId: ID, customer: text(), quantity, shippedAt: instant }),
  LotHeld: object(
    { holdId: ID, reason: text(2000), scope: oneOfValues('lot', 'forward'), heldFrom: ID },
    { heldLots: { type: 'array', items: ID }, shippedLots: { type: 'array', items: ID } },
  ),
  LotReleased: object({
    releaseId: ID,
    releasedBy: ID,
    gates: {
      type: 'array',
      items: object(
        { gate: text(64), passed: { type: 'boolean' }, details: { type: 'array', items: text(2000) } },
        { unknown: { type: 'array', items: text(2000) } },
      ),
    },
  }),
  LotHoldReleased: object({ holdId: ID, reason: text(2000), releasedBy: ID }),
  EventCorrected: object({
    correctionId: ID,
    eventId: text(64),
    eventVersion: { type: 'integer', minimum: 1 },
    eventType: oneOfValues('ProductionStepCompleted', 'InspectionRecorded', 'MaterialConsumed', 'MaterialIssued', 'LotShipped'),
    recordId: ID,
    reason: text(2000),
    corrected: { type: 'object' },
    previous: { type: 'object' },
    correctedBy: ID,
  }),
  EventVoided: object({
    voidId: ID,
    eventId: text(64),
    eventVersion: { type: 'integer', minimum: 1 },
    eventType: oneOfValues('ProductionStepCompleted', 'InspectionRecorded', 'MaterialConsumed', 'MaterialIssued', 'LotShipped'),
    recordId: ID,
    reason: text(2000),
    previous: { type: 'object' },
    voidedBy: ID,
  }),
  RecordSigned: object({
    signatureId: text(200),
    personId: ID,
    printedName: text(),
    meaning: oneOfValues('reviewed', 'approved', 'released', 'rejected', 'responsible'),
    signedAt: instant,
    signs: object({ streamId: text(200), streamVersion: count, hash: text(128) }),
    signedFor: object({ eventType: text(64), id: text(200) }),
  }),
  InspectionRecorded: inspection({ partNumber: ID }),
  NonconformanceRaised: object({ ncId: ID, description: text(2000), quantityAffected: quantity }, { inspectionId: ID }),
  NonconformanceDispositioned: object({ ncId: ID, disposition: oneOfValues('rework', 'scrap', 'use-as-is', 'return-to-supplier'), authorizedBy: ID }),
  EquipmentRegistered: object({
    equipmentId: ID,
    kind: oneOfValues('gauge', 'machine'),
    description: text(2000),
    siteId: ID,
    calibrationIntervalDays: { type: 'integer', minimum: 1, maximum: 3650 },
  }),
  CalibrationRecorded: object({
    calibrationId: ID,
    performedAt: instant,
    asFound: tolerance,
    asLeft: tolerance,
    nextDueAt: instant,
    certificateRef: text(),
    performedBy: ID,
  }),
  MsaStudyRecorded: object({
    studyId: ID,
    partNumber: ID,
    characteristic: object({ id: ID, unit: text(32) }, { lsl: { type: 'number' }, usl: { type: 'number' } }),
    method: oneOfValues('crossed'),
    performedAt: instant,
    measurements: {
      type: 'array',
      minItems: 4,
      maxItems: 3000,
      items: object({ part: ID, appraiser: ID, trial: { type: 'integer', minimum: 1, maximum: 10 }, value: { type: 'number' } }),
    },
    analysis: { type: 'string', description: 'Which computation produced results.' },
    results: {
      type: 'object',
      description:
        'Both AIAG MSA methods as computed when the study was recorded (averageRange, anova, verdict, verdictBasis); the shape of GET /v1/equipment/{equipmentId}/msa-studies/{studyId}.',
    },
  }),
  PrototypeBuildStarted: object({ buildId: ID, partNumber: ID, designRevision: text(64), siteId: ID, requestedBy: ID, purpose: text(2000) }),
  PrototypeStepRecorded: step,
  PrototypeInspectionRecorded: inspection(),
  PrototypeNoteAdded: object({ kind: oneOfValues('decision', 'deviation', 'issue'), text: text(4000) }),
  PrototypeBuildCompleted: object({ outcome: oneOfValues('accepted', 'rejected') }),
  PrototypePromoted: object(
    { partNumber: ID, partRevision: text(64), routingRevision: text(64) },
    { sopRevisions: { type: 'object', additionalProperties: text(64) }, specialProcesses: { type: 'array', maxItems: 50, uniqueItems: true, items: text() } },
  ),
  FirstArticleApproved: object(
    {
      faiId: ID,
      type: oneOfValues('full', 'partial'),
      approvedBy: ID,
      partNumber: ID,
      partRevision: text(64),
      characteristicIds: { type: 'array', items: ID },
    },
    { baselineBuildId: ID },
  ),
  PersonRegistered: object({ personId: ID, name: text(), siteId: ID }, { employeeRef: ID }),
  QualificationGranted: object(
    { qualificationId: ID, operation: text(), validFrom: instant, grantedBy: ID },
    { workCenter: text(64), validUntil: instant, evidenceRef: text() },
  ),
  QualificationRevoked: object({ qualificationId: ID, reason: text(2000), effectiveFrom: instant }),
  TrainingCompleted: object({ trainingId: ID, revisionId: ID, completedAt: instant, trainer: text() }, { evidenceRef: text() }),
  DocumentRevisionReleased: object({
    documentId: ID,
    revision: ID,
    revisionId: ID,
    title: text(),
    kind: oneOfValues('sop', 'work-instruction', 'inspection-plan', 'drawing'),
    siteId: ID,
    operations: { type: 'array', maxItems: 50, items: text() },
    effectiveFrom: instant,
    requiresTraining: { type: 'boolean' },
    approvedBy: ID,
  }),
  DocumentRevisionObsoleted: object({ revisionId: ID, effectiveFrom: instant, reason: text(2000) }),
  SupplierRegistered: object({ supplierId: ID, name: text(), siteIds: { type: 'array', minItems: 1, maxItems: 50, items: ID } }),
  SupplierApproved: object(
    { approvalId: ID, validFrom: instant, basis: oneOfValues('audit', 'certification', 'first-article', 'history'), approvedBy: ID },
    { partNumbers: { type: 'array', minItems: 1, maxItems: 200, items: ID }, commodity: text(), validUntil: instant, evidenceRef: text() },
  ),
  SupplierSuspended: object({ reason: text(2000), effectiveFrom: instant }),
  SupplierReinstated: object({ effectiveFrom: instant, reinstatedBy: ID }, { reason: text(2000) }),
  SamplingPlanSet: object({
    partNumber: ID,
    inspectionLevel: oneOfValues('S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'),
    aql: { type: 'number', minimum: 0.01, maximum: 1000 },
    severity: oneOfValues('normal', 'tightened', 'reduced'),
  }),
  SamplingResumed: object({ partNumber: ID, resumedBy: ID, reason: text(2000) }),
  ReceivingInspectionRecorded: object(
    {
      inspectionId: ID,
      lotNumber: ID,
      partNumber: ID,
      lotSize: { type: 'integer', minimum: 2 },
      sampleSize: { type: 'integer', minimum: 1 },
      nonconforming: { type: 'integer', minimum: 0 },
      inspectedAt: instant,
      inspectorId: ID,
      plan: { type: 'object' },
      decision: oneOfValues('accepted', 'not-accepted'),
      acceptedOneStepTighter: { type: 'boolean' },
    },
    { characteristicIds: { type: 'array', maxItems: 100, items: ID } },
  ),
};

const TOPIC_TITLES: Record<EventTopic, string> = {
  production: 'Lots, consumptions, splits, production steps and shipments (lot streams).',
  quality: 'Inspections and nonconformances (recorded on lot streams).',
  metrology: 'Equipment, calibrations and gauge R&R studies (equipment streams).',
  prototype: 'Every event of prototype build streams, and only those.',
  personnel: 'People, their qualifications (and revocations) and trainings (person streams).',
  suppliers: 'Suppliers, their approvals and suspensions, ISO 2859-1 sampling plans and resumptions (supplier streams).',
  documents: 'Controlled document revisions released and obsoleted (document streams).',
};

function envelope(type: string): Schema {
  return {
    type: 'object',
    title: type,
    required: ['eventId', 'type', 'schemaVersion', 'streamId', 'streamVersion', 'position', 'recordedAt', 'occurredAt', 'actor', 'siteId', 'data', 'hash'],
    properties: {
      eventId: { type: 'string', format: 'uuid', description: 'Unique; equal to the event-id header. Deduplicate on it.' },
      type: { const: type },
      schemaVersion: { type: 'integer', minimum: 1 },
      streamId: { type: 'string', description: '`lot-<lotNumber>`, `equipment-<equipmentId>` or `prototype-<buildId>`; also the message key.' },
      streamVersion: { type: 'integer', minimum: 1, description: 'Position in its stream; consecutive per stream, in order within a topic.' },
      position: { type: 'string', pattern: '^[0-9]+$', description: 'Global position in the store (decimal string).' },
      transactionId: { type: 'string', pattern: '^[0-9]+$' },
      recordedAt: { ...instant, description: 'Server clock when stored.' },
      occurredAt: { ...instant, description: 'When the fact happened, as the client said.' },
      actor: {
        oneOf: [{ type: 'null' }, { type: 'object', properties: { keyId: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' } } }],
      },
      siteId: { type: ['string', 'null'] },
      data: EVENT_DATA_SCHEMAS[type],
      metadata: { type: 'object', description: 'Actor, site, correlation id and idempotency key as recorded.' },
      prevHash: { type: ['string', 'null'] },
      hash: { type: 'string', description: 'Link of the stream hash chain (see GET /v1/audit/verify).' },
    },
  };
}

const eventHeaders: Schema = {
  type: 'object',
  required: ['event-id'],
  properties: { 'event-id': { type: 'string', format: 'uuid' }, 'event-type': { type: 'string' } },
};

const problem: Schema = {
  type: 'object',
  description: 'RFC 9457 problem details, as the HTTP API answers.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

const channelKey = (topic: EventTopic) => `${topic}Events`;

export function buildAsyncApiDocument(prefix = 'lotstream.', brokers: string[] = []): Record<string, unknown> {
  const names = topicNames(prefix);
  const topics = Object.keys(names.events) as EventTopic[];
  const typesOf = (topic: EventTopic) =>
    topic === 'prototype'
      ? Object.keys(EVENT_DATA_SCHEMAS).filter((type) => type.startsWith('Prototype'))
      : Object.entries(PUBLISHED_EVENT_TYPES)
          .filter(([, t]) => t === topic)
          .map(([type]) => type);

  const messages: Record<string, Schema> = {};
  const channels: Record<string, Schema> = {};
  const operations: Record<string, Schema> = {};
  for (const topic of topics) {
    const name = `${topic}Event`;
    messages[name] = {
      name,
      title: `${topic} event`,
      summary: TOPIC_TITLES[topic],
      contentType: 'application/json',
      headers: eventHeaders,
      payload: { oneOf: typesOf(topic).map((type) => envelope(type)), discriminator: 'type' },
      bindings: { kafka: { key: { type: 'string', description: 'The stream id: one stream, one partition, in order.' } } },
    };
    channels[channelKey(topic)] = {
      address: names.events[topic],
      title: `${topic} events`,
      description: `${TOPIC_TITLES[topic]} Delivered at least once (the relay re-sends after a crash): deduplicate on event-id.`,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    operations[`publish${topic[0].toUpperCase()}${topic.slice(1)}Events`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelKey(topic)}` },
      summary: 'The relay publishes each stored event, in safe order, after it is committed.',
      messages: [{ $ref: `#/channels/${channelKey(topic)}/messages/${name}` }],
    };
  }

  messages.mesCommand = {
    name: 'mesCommand',
    title: 'MES command',
    contentType: 'application/json',
    summary: 'The same shape as a POST /v1/batch item; the payload is the body of the matching HTTP route (see /docs).',
    headers: {
      type: 'object',
      properties: {
        'api-key': {
          type: 'string',
          description: 'API key of the sender. Without it, the deployment integration identity (MES_INTEGRATION_API_KEY) is used when configured; else 401.',
        },
        'correlation-id': { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$' },
      },
    },
    payload: {
      type: 'object',
      required: ['type', 'idempotencyKey', 'payload'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', enum: [...COMMAND_TYPES] },
        idempotencyKey: {
          type: 'string',
          minLength: 1,
          maxLength: 200,
          description: 'Required over Kafka: a redelivery or resend with the same key records nothing twice.',
        },
        payload: { type: 'object', description: 'Lot-scoped commands carry lotNumber (equipment: equipmentId; prototype: buildId).' },
      },
    },
    bindings: { kafka: { key: { type: 'string', description: 'Any; commands with the same key are handled in order (e.g. the lot number).' } } },
  };
  messages.mesResult = {
    name: 'mesResult',
    title: 'MES command result',
    contentType: 'application/json',
    payload: {
      type: 'object',
      required: ['idempotencyKey', 'status'],
      properties: {
        idempotencyKey: { type: ['string', 'null'] },
        status: {
          type: 'integer',
          description: 'The HTTP status the command would have had alone: 201, 400, 401, 403, 404, 409, 422 (500: not recorded, send again).',
        },
        streamId: { type: 'string' },
        streamVersion: { type: 'integer' },
        eventIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
        problem,
      },
    },
    bindings: { kafka: { key: { type: 'string', description: 'The idempotency key.' } } },
  };
  messages.mesDeadLetter = {
    name: 'mesDeadLetter',
    title: 'Unreadable MES message',
    summary: 'A message that could not be read as a command at all (not JSON, not an object, no type), with its original value and headers (api-key removed).',
    headers: {
      type: 'object',
      required: ['error-reason', 'error-at'],
      properties: {
        'error-reason': { type: 'string' },
        'error-at': instant,
        'original-topic': { type: 'string' },
        'original-partition': { type: 'string' },
        'original-offset': { type: 'string' },
      },
    },
    payload: { description: 'The original bytes, unchanged.' },
  };
  messages.mesB2mml = {
    name: 'mesB2mml',
    title: 'ISA-95 / B2MML business object document',
    summary:
      'One BOD (Sync/Process, or GetMaterialLot; V0401, V0500, V0600, V0700/V0701 namespaces), mapped noun by noun to the commands of /v1/batch, exactly as POST /v1/integrations/b2mml (one noun all or nothing). ' +
      'Idempotent by BODID (else a hash of the document) and noun position. A DOCTYPE, nesting deeper than 64 or too many elements is answered 400 on mes.results; a value that is not XML at all goes to the dead-letter topic.',
    contentType: 'application/xml',
    headers: { type: 'object', properties: { 'api-key': { type: 'string', description: 'An integration API key (or the deployment integration identity).' } } },
    payload: { type: 'string', description: 'The BOD as XML text (UTF-8).' },
    bindings: { kafka: { key: { type: 'string', description: 'Any; BODs with the same key are handled in order.' } } },
  };
  messages.mesB2mmlResult = {
    name: 'mesB2mmlResult',
    title: 'B2MML BOD result',
    contentType: 'application/json',
    payload: {
      type: 'object',
      required: ['bodId', 'status'],
      properties: {
        bodId: { type: ['string', 'null'] },
        status: { type: 'integer', description: '200 when the BOD was read (each noun has its own status), else the refusal status (400, 401, 403, 422).' },
        nouns: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              position: { type: 'integer' },
              noun: { type: 'string' },
              id: { type: 'string' },
              status: { type: 'integer' },
              commands: { type: 'array', description: "Each command's result; when one is refused the others of the noun are 424 not-written." },
              problem,
            },
          },
        },
        show: { type: 'string', description: 'ShowMaterialLot, for a GetMaterialLot.' },
        lots: { type: 'array', description: 'GetMaterialLot: each lot found (lot summary with holdState, activeHolds, releaseId).', items: { type: 'object' } },
        xml: { type: 'string', description: 'GetMaterialLot: the ShowMaterialLot BOD as XML.' },
        problem,
      },
    },
    bindings: { kafka: { key: { type: 'string', description: 'The BODID (else the message key).' } } },
  };
  channels.mesB2mml = { address: names.mesB2mml, messages: { mesB2mml: { $ref: '#/components/messages/mesB2mml' } } };
  operations.receiveMesB2mml = {
    action: 'receive',
    channel: { $ref: '#/channels/mesB2mml' },
    summary: 'Each BOD runs like POST /v1/integrations/b2mml; one result per BOD on mes.results.',
    messages: [{ $ref: '#/channels/mesB2mml/messages/mesB2mml' }],
  };
  channels.mesCommands = { address: names.mesCommands, messages: { mesCommand: { $ref: '#/components/messages/mesCommand' } } };
  channels.mesResults = {
    address: names.mesResults,
    messages: { mesResult: { $ref: '#/components/messages/mesResult' }, mesB2mmlResult: { $ref: '#/components/messages/mesB2mmlResult' } },
  };
  channels.mesDeadLetter = { address: names.mesDeadLetter, messages: { mesDeadLetter: { $ref: '#/components/messages/mesDeadLetter' } } };
  operations.receiveMesCommands = {
    action: 'receive',
    channel: { $ref: '#/channels/mesCommands' },
    summary: 'Each command runs like the HTTP route of its type; offsets are committed after its result is produced.',
    messages: [{ $ref: '#/channels/mesCommands/messages/mesCommand' }],
  };
  operations.sendMesResults = {
    action: 'send',
    channel: { $ref: '#/channels/mesResults' },
    summary: 'One result per command message, one per B2MML BOD.',
    messages: [{ $ref: '#/channels/mesResults/messages/mesResult' }, { $ref: '#/channels/mesResults/messages/mesB2mmlResult' }],
  };
  operations.sendMesDeadLetters = {
    action: 'send',
    channel: { $ref: '#/channels/mesDeadLetter' },
    messages: [{ $ref: '#/channels/mesDeadLetter/messages/mesDeadLetter' }],
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Lotstream Kafka interface',
      version: '1',
      description: 'Events out, one topic per context (key = stream id, header event-id), and MES commands in. Topic prefix: KAFKA_TOPIC_PREFIX.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: brokers.length > 0 ? brokers.join(',') : 'localhost:9092',
        protocol: 'kafka',
        description: 'The deployment brokers (KAFKA_BROKERS).',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
