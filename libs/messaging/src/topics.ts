/**
 * Topic names (docs/api.md, Kafka). One topic per context; the key is always the stream id, so one
 * stream's events keep their order within a topic. Quality events live on lot streams but have
 * their own topic, so a consumer sees a lot's production and quality events interleaved freely.
 */
export type EventTopic = 'production' | 'quality' | 'metrology' | 'prototype' | 'personnel' | 'documents' | 'suppliers';

const TOPIC_OF_TYPE: Record<string, EventTopic> = {
  LotRegistered: 'production',
  MaterialConsumed: 'production',
  MaterialIssued: 'production',
  LotSplit: 'production',
  ProductionStepCompleted: 'production',
  LotShipped: 'production',
  LotHeld: 'production',
  LotHoldReleased: 'production',
  RecordSigned: 'quality',
  LotReleased: 'quality',
  EventCorrected: 'quality',
  EventVoided: 'quality',
  InspectionRecorded: 'quality',
  NonconformanceRaised: 'quality',
  NonconformanceDispositioned: 'quality',
  FirstArticleApproved: 'quality',
  EquipmentRegistered: 'metrology',
  CalibrationRecorded: 'metrology',
  MsaStudyRecorded: 'metrology',
  PrototypeBuildStarted: 'prototype',
  PrototypeStepRecorded: 'prototype',
  PrototypeInspectionRecorded: 'prototype',
  PrototypeNoteAdded: 'prototype',
  PrototypeBuildCompleted: 'prototype',
  PrototypePromoted: 'prototype',
  PersonRegistered: 'personnel',
  QualificationGranted: 'personnel',
  QualificationRevoked: 'personnel',
  TrainingCompleted: 'personnel',
  DocumentRevisionReleased: 'documents',
  DocumentRevisionObsoleted: 'documents',
  SupplierRegistered: 'suppliers',
  SupplierApproved: 'suppliers',
  SupplierSuspended: 'suppliers',
  SupplierReinstated: 'suppliers',
  SamplingPlanSet: 'suppliers',
  SamplingResumed: 'suppliers',
  ReceivingInspectionRecorded: 'suppliers',
};

/** Every event type that leaves the service, with its topic (prototype streams aside). */
export const PUBLISHED_EVENT_TYPES: Readonly<Record<string, EventTopic>> = TOPIC_OF_TYPE;

/** The context topic of an event, or undefined for events that are not published (access keys, revision-id claims, site policies). */
export function topicOf(eventType: string, streamCategory: string): EventTopic | undefined {
  // Prototype streams only ever publish to the prototype topic, whatever the event type.
  if (streamCategory === 'prototype') return 'prototype';
  const topic = TOPIC_OF_TYPE[eventType];
  return topic === 'prototype' ? undefined : topic;
}

export interface TopicNames {
  events: Record<EventTopic, string>;
  mesCommands: string;
  mesResults: string;
  mesDeadLetter: string;
  /** ISA-95 / B2MML BODs in (value: the XML); results on mesResults keyed by BODID. */
  mesB2mml: string;
}

export function topicNames(prefix = 'lotstream.'): TopicNames {
  return {
    events: {
      production: `${prefix}production.events`,
      quality: `${prefix}quality.events`,
      metrology: `${prefix}metrology.events`,
      prototype: `${prefix}prototype.events`,
      personnel: `${prefix}personnel.events`,
      documents: `${prefix}documents.events`,
      suppliers: `${prefix}suppliers.events`,
    },
    mesCommands: `${prefix}mes.commands`,
    mesResults: `${prefix}mes.results`,
    mesDeadLetter: `${prefix}mes.dead-letter`,
    mesB2mml: `${prefix}mes.b2mml`,
  };
}
