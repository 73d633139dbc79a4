import type { Actor } from '@lotstream/access';

/** Command `type` names shared by POST /v1/batch and the Kafka MES intake (docs/api.md). */
export const COMMAND_TYPES = [
  'RegisterLot',
  'ConsumeMaterial',
  'SplitLot',
  'RecordProductionStep',
  'RecordInspection',
  'RaiseNonconformance',
  'DispositionNonconformance',
  'ApproveFirstArticle',
  'ShipLot',
  'RegisterEquipment',
  'RecordCalibration',
  'RecordMsaStudy',
  'StartPrototypeBuild',
  'RecordPrototypeStep',
  'RecordPrototypeInspection',
  'RecordPrototypeNote',
  'CompletePrototypeBuild',
  'PromotePrototype',
  'RegisterPerson',
  'GrantQualification',
  'RevokeQualification',
  'RecordTraining',
  'EnrolSigner',
  'SetSigningCredential',
  'ReleaseDocumentRevision',
  'ObsoleteDocumentRevision',
  'SetSitePolicy',
  'ConfigureB2mmlSender',
  'RegisterSupplier',
  'ApproveSupplier',
  'SuspendSupplier',
  'ReinstateSupplier',
  'SetSamplingPlan',
  'ResumeSampling',
  'RecordReceivingInspection',
  'HoldLot',
  'ReleaseHold',
  'ReleaseLot',
  'CorrectEvent',
  'VoidEvent',
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

export interface CommandContext {
  actor: Actor;
  correlationId: string;
  idempotencyKey?: string;
  /** If-Match: the stream version the writer last saw. */
  expectedVersion?: number;
}

/** What one command got: the HTTP status it would have alone, and the body (write response or problem). */
export interface CommandResult {
  status: number;
  body: Record<string, unknown>;
  streamId?: string;
  streamVersion?: number;
}

/**
 * Runs any write command by type with a raw payload: validates it exactly like the HTTP route,
 * authorises it for the actor, decides and appends. Used by the batch route and the Kafka intake.
 */
export interface CommandDispatcher {
  dispatch(type: string, payload: unknown, context: CommandContext): Promise<CommandResult>;
}

export const COMMAND_DISPATCHER = Symbol('COMMAND_DISPATCHER');
