import type { HashVersion } from './hash-chain';

/** How the writer expects the stream to stand before its append. */
export type ExpectedVersion = number | 'any' | 'no-stream';

/** An event as a command handler proposes it: the store adds identity, order and the hash. */
export interface EventToAppend {
  eventId?: string;
  type: string;
  schemaVersion?: number;
  data: Record<string, unknown>;
  /** When the fact happened, as the client says (the store records its own recorded-at). */
  occurredAt: string;
}

/** Who wrote it and why; recorded with every event of the append. */
export interface AppendMetadata {
  actor?: { keyId: string; role: string; label?: string };
  siteId?: string;
  correlationId?: string;
  idempotencyKey?: string;
  [key: string]: unknown;
}

export interface IdempotencyClaim {
  /** Already namespaced by the caller (e.g. per API key). */
  key: string;
  requestHash: string;
}

export interface AppendRequest {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: EventToAppend[];
  metadata: AppendMetadata;
  idempotency?: IdempotencyClaim;
}

export interface AppendResult {
  streamId: string;
  streamVersion: number;
  eventIds: string[];
  /** Global position of the last appended event, as a decimal string. */
  position: string;
}

export interface RecordedEvent {
  position: string;
  transactionId: string;
  eventId: string;
  streamId: string;
  streamCategory: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: Record<string, any>;
  metadata: AppendMetadata;
  occurredAt: string;
  recordedAt: string;
  prevHash: string | null;
  hash: string;
  /**
   * Which serialisation `hash` is over (hash-chain.ts: 1 canonicalJson, 2 PostgreSQL's jsonb text).
   * Set on every event read from the store; absent means 1 (events exported before format 2).
   */
  hashVersion?: HashVersion;
}

/** An event as another store recorded it (stored form, before upcasting), for importRecorded. */
export type ImportedEvent = Omit<RecordedEvent, 'position' | 'transactionId' | 'streamCategory'>;

export interface StoredIdempotentResponse {
  requestHash: string;
  status: number;
  response: AppendResult;
}

export interface ReadStreamOptions {
  /** Only the events after this version: the tail a reader holding the stream up to it lacks. */
  afterVersion?: number;
  toVersion?: number;
  /** Only events recorded at or before this instant: what the record showed then. */
  asOf?: string;
  /** false: the stored form, before upcasting (what the hash covers). Default true. */
  upcast?: boolean;
}

export interface ReadStreamsOptions {
  /** Only events of these (stored) types, still in version order per stream. */
  types?: readonly string[];
}

export interface ReadAllPage {
  events: RecordedEvent[];
  /** Opaque cursor to pass as `after` for the next page (unchanged when the page is empty). */
  next: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { streamId: string; streamVersion: number; position: string; reason: string };
}

/** The category is the stream id's prefix before the first dash: `lot-A1` → `lot`. */
export function streamCategoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
