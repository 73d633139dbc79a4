import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { AppendMetadata, canonicalJson, IdempotencyKeyReused, namespacedKey, EventStore, requestHash } from '@lotstream/event-store';
import { CLOCK, Clock, CONFIG, EVENT_STORE, LotstreamConfig, PG_POOL } from '@lotstream/platform';
import { createHash } from 'node:crypto';
import type { Actor, Role } from '../actor';
import { ACCESS_KEYS_STREAM, ApiKeyCreated, ApiKeyRevoked } from './api-key.events';
import type { ApiKeyRefusal } from './api-key-refusals';
import { inAccessKeysTransaction } from './access-keys-transaction';
import { digestOf, hashSecret, issueApiKey, MAX_PRESENTED_KEY_LENGTH, parseApiKey, SecretHash, verifySecret } from './api-key-secret';

/** The key id of the admin key given by ADMIN_API_KEY (not stored: it lives in the environment). */
export const ADMIN_ENV_KEY_ID = 'admin-env';

/**
 * How long a verified key is trusted without re-checking the database (scrypt is slow on purpose,
 * so a key is not re-hashed on every request). Revocation through this process takes effect at once
 * here (its entries are dropped and the key id is barred). Other instances of the service (several
 * command-api / query-api replicas) keep their own cache: there a revoked key may still be accepted
 * for up to CACHE_TTL_MS after the revocation. Keep it to a few seconds.
 */
export const CACHE_TTL_MS = 5_000;
const CACHE_MAX_ENTRIES = 10_000;
/** Serialises "is there an admin key yet?" across instances starting together. */
const FIRST_ADMIN_LOCK = 7411002;

export interface ApiKeyView {
  keyId: string;
  role: Role;
  sites: string[];
  label: string;
  createdAt: string | null;
  createdBy: string | null;
  revokedAt: string | null;
  /** `issued` keys are in the credential store; the `environment` key is ADMIN_API_KEY. */
  source: 'issued' | 'environment';
}

export interface CreatedApiKey {
  keyId: string;
  /** The only time the secret is ever returned. */
  apiKey: string;
  role: Role;
  sites: string[];
  label: string;
  createdAt: string;
}

export interface RequestContext {
  actor: Actor;
  correlationId: string;
  idempotencyKey?: string;
}

export interface RevocationOutcome {
  key: ApiKeyView;
  /** False when the key had already been revoked (nothing new recorded). */
  revokedNow: boolean;
  write?: { streamId: string; streamVersion: number; eventIds: string[]; position: string };
}

interface KeyRow {
  key_id: string;
  secret_hash: string;
  salt: string;
  role: Role;
  sites: string[];
  label: string;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
}

/**
 * API keys: issue, list, revoke, and authenticate a presented key (HTTP guard and Kafka intake).
 *
 * The credential store (`api_keys`, what authentication reads) and the record of key management
 * (`access-keys` stream) change in one transaction (inAccessKeysTransaction): a key or a revocation
 * exists in both or in neither. The stream does not replace the table: it never carries a secret's
 * hash, so the table could not be rebuilt from it.
 */
@Injectable()
export class AccessService implements OnModuleInit {
  private readonly logger = new Logger('Access');
  private envAdmin?: SecretHash;
  private readonly cache = new Map<string, { actor: Actor; expiresAt: number }>();
  private readonly verifying = new Map<string, Promise<Actor | undefined>>();
  /** Key ids revoked by this process: refused even by a verification that raced the revocation. */
  private readonly revokedHere = new Set<string>();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: LotstreamConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.adminApiKey) {
      this.envAdmin = await hashSecret(this.config.adminApiKey);
    } else {
      await this.ensureFirstAdminKey();
    }
  }

  /** The actor a presented API key stands for, or undefined when it is unknown, malformed or revoked. */
  async authenticate(apiKey: string | undefined): Promise<Actor | undefined> {
    if (!apiKey || apiKey.length > MAX_PRESENTED_KEY_LENGTH) return undefined;
    const digest = digestOf(apiKey);
    // Wall time, not CLOCK: this is cache bookkeeping, never recorded.
    const now = Date.now();
    const cached = this.cache.get(digest);
    if (cached && cached.expiresAt > now) return this.revokedHere.has(cached.actor.keyId) ? undefined : cached.actor;
    this.cache.delete(digest);
    // One verification of a key at a time: when its entry expires, every request in flight with that
    // key would otherwise run its own scrypt (~50 ms of CPU each, off the event loop) — measured as
    // most of the CPU of a write at 16 clients.
    let verifying = this.verifying.get(digest);
    if (!verifying) {
      verifying = this.verify(apiKey).finally(() => this.verifying.delete(digest));
      this.verifying.set(digest, verifying);
    }
    const actor = await verifying;
    if (!actor || this.revokedHere.has(actor.keyId)) return undefined;
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(digest, { actor, expiresAt: now + CACHE_TTL_MS });
    return actor;
  }

  async createKey(input: { role: Role; sites: string[]; label: string }, context: RequestContext): Promise<CreatedApiKey | ApiKeyRefusal> {
    if (input.sites.includes('*') && input.sites.length > 1) return { refused: 'all-sites-not-alone' };
    const issued = issueApiKey();
    const hashed = await hashSecret(issued.secret);
    const createdAt = this.clock().toISOString();
    const created: ApiKeyCreated = {
      type: 'ApiKeyCreated',
      schemaVersion: 1,
      data: { keyId: issued.keyId, role: input.role, sites: input.sites, label: input.label, createdAt },
    };
    const idempotency = context.idempotencyKey
      ? { key: namespacedKey(context.actor.keyId, context.idempotencyKey), requestHash: requestHash(CREATE_API_KEY, input) }
      : undefined;
    const refusal = await inAccessKeysTransaction(this.pool, this.clock, async (client, store): Promise<ApiKeyRefusal | undefined> => {
      if (idempotency) {
        // Looked up first: inside this transaction a claim that collides aborts it instead of being
        // answered. A record stored before key creations used the command fingerprint carries the
        // older one: a retry of that same request is still the same request, not a reused key.
        const stored = await store.findIdempotent(idempotency.key);
        if (stored && (stored.requestHash === idempotency.requestHash || stored.requestHash === legacyCreateKeyHash(input))) {
          return { refused: 'key-already-issued', keyId: await this.keyIdOfEvent(stored.response.eventIds[0], stored.response.streamVersion) };
        }
        if (stored) throw new IdempotencyKeyReused(idempotency.key);
      }
      await client.query(
        `INSERT INTO api_keys (key_id, secret_hash, salt, role, sites, label, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [issued.keyId, hashed.secretHash, hashed.salt, input.role, input.sites, input.label, createdAt, context.actor.keyId],
      );
      const outcome = await store.append({
        streamId: ACCESS_KEYS_STREAM,
        expectedVersion: 'any',
        events: [{ ...created, occurredAt: createdAt }],
        metadata: this.metadataOf(context),
        idempotency,
      });
      if (outcome.replayed) {
        // The secret of the first answer was shown once and is not kept anywhere: it cannot be replayed.
        // Thrown away with the transaction: the row inserted above must not survive.
        throw new AlreadyIssued(await this.keyIdOfEvent(outcome.eventIds[0], outcome.streamVersion));
      }
      return undefined;
    }).catch((error: unknown) => {
      if (error instanceof AlreadyIssued) return { refused: 'key-already-issued', keyId: error.keyId } as const;
      throw error;
    });
    if (refusal) return refusal;
    return { keyId: issued.keyId, apiKey: issued.apiKey, role: input.role, sites: input.sites, label: input.label, createdAt };
  }

  async listKeys(): Promise<ApiKeyView[]> {
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT key_id, role, sites, label, created_at, created_by, revoked_at FROM api_keys ORDER BY created_at, key_id`,
    );
    const issued = rows.map((row) => viewOf(row));
    if (!this.config.adminApiKey) return issued;
    const environment: ApiKeyView = {
      keyId: ADMIN_ENV_KEY_ID,
      role: 'admin',
      sites: ['*'],
      label: 'ADMIN_API_KEY',
      createdAt: null,
      createdBy: null,
      revokedAt: null,
      source: 'environment',
    };
    return [environment, ...issued];
  }

  async revokeKey(keyId: string, context: RequestContext): Promise<RevocationOutcome | ApiKeyRefusal> {
    if (keyId === ADMIN_ENV_KEY_ID && this.config.adminApiKey) return { refused: 'key-from-environment' };
    const outcome = await inAccessKeysTransaction(this.pool, this.clock, async (client, store): Promise<RevocationOutcome | ApiKeyRefusal> => {
      const { rows } = await client.query<KeyRow>(`SELECT * FROM api_keys WHERE key_id = $1 FOR UPDATE`, [keyId]);
      // Nothing was written yet: committing the empty transaction is the same as rolling it back.
      if (rows.length === 0) return { refused: 'key-not-found', keyId };
      if (rows[0].revoked_at) return { key: viewOf(rows[0]), revokedNow: false };
      const revokedAt = this.clock().toISOString();
      const { rows: updated } = await client.query<KeyRow>(`UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE key_id = $1 RETURNING *`, [
        keyId,
        revokedAt,
        context.actor.keyId,
      ]);
      const revoked: ApiKeyRevoked = { type: 'ApiKeyRevoked', schemaVersion: 1, data: { keyId, revokedAt } };
      const appended = await store.append({
        streamId: ACCESS_KEYS_STREAM,
        expectedVersion: 'any',
        events: [{ ...revoked, occurredAt: revokedAt }],
        metadata: this.metadataOf(context),
      });
      const { replayed: _replayed, ...write } = appended;
      return { key: viewOf(updated[0]), revokedNow: true, write };
    });
    if ('refused' in outcome) return outcome;
    this.forget(keyId);
    return outcome;
  }

  /** Drops every cached verification of a key and bars it in this process. */
  private forget(keyId: string): void {
    this.revokedHere.add(keyId);
    for (const [digest, entry] of this.cache) if (entry.actor.keyId === keyId) this.cache.delete(digest);
  }

  private async verify(apiKey: string): Promise<Actor | undefined> {
    const parsed = parseApiKey(apiKey);
    if (parsed) {
      const { rows } = await this.pool.query<KeyRow>(`SELECT * FROM api_keys WHERE key_id = $1`, [parsed.keyId]);
      const row = rows[0];
      if (row) {
        if (row.revoked_at) return undefined;
        if (!(await verifySecret(parsed.secret, { secretHash: row.secret_hash, salt: row.salt }))) return undefined;
        return { keyId: row.key_id, role: row.role, label: row.label, sites: row.sites };
      }
    }
    if (this.envAdmin && (await verifySecret(apiKey, this.envAdmin))) {
      return { keyId: ADMIN_ENV_KEY_ID, role: 'admin', label: 'ADMIN_API_KEY', sites: ['*'] };
    }
    return undefined;
  }

  /**
   * Embedded default without ADMIN_API_KEY: the first start issues an admin key and prints it once.
   * Later starts find an active admin key and print nothing (revoke every admin key and restart to
   * get a new one).
   */
  private async ensureFirstAdminKey(): Promise<void> {
    const issuedKey = await inAccessKeysTransaction(this.pool, this.clock, async (client, store) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
      const { rows } = await client.query(`SELECT 1 FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL LIMIT 1`);
      if (rows.length > 0) return undefined;
      const issued = issueApiKey();
      const hashed = await hashSecret(issued.secret);
      const createdAt = this.clock().toISOString();
      const label = 'first admin key (generated at first start)';
      await client.query(
        `INSERT INTO api_keys (key_id, secret_hash, salt, role, sites, label, created_at, created_by)
         VALUES ($1, $2, $3, 'admin', '{*}', $4, $5, 'system')`,
        [issued.keyId, hashed.secretHash, hashed.salt, label, createdAt],
      );
      const created: ApiKeyCreated = {
        type: 'ApiKeyCreated',
        schemaVersion: 1,
        data: { keyId: issued.keyId, role: 'admin', sites: ['*'], label, createdAt },
      };
      await store.append({
        streamId: ACCESS_KEYS_STREAM,
        expectedVersion: 'any',
        events: [{ ...created, occurredAt: createdAt }],
        metadata: { actor: { keyId: 'system', role: 'admin', label: 'first start' } },
      });
      return issued;
    });
    if (issuedKey) {
      this.logger.warn(
        `ADMIN_API_KEY is not set and no admin key existed: generated the first admin API key. ` +
          `It is shown only this once, store it now: ${issuedKey.apiKey}`,
      );
    }
  }

  private async keyIdOfEvent(eventId: string, streamVersion: number): Promise<string | undefined> {
    const events = await this.store.readStream(ACCESS_KEYS_STREAM, { toVersion: streamVersion });
    return events.find((event) => event.eventId === eventId)?.data.keyId as string | undefined;
  }

  private metadataOf(context: RequestContext): AppendMetadata {
    const { keyId, role, label } = context.actor;
    return {
      actor: { keyId, role, label },
      correlationId: context.correlationId,
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
    };
  }
}

/** The command type key creations are fingerprinted under (the idempotency record's request hash). */
const CREATE_API_KEY = 'CreateApiKey';

/** The fingerprint key creations had before they used the command fingerprint (records stored then). */
function legacyCreateKeyHash(input: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ route: 'POST /v1/admin/api-keys', body: input }))
    .digest('hex');
}

/** The append answered from an earlier request with this Idempotency-Key: nothing of this one may stay. */
class AlreadyIssued extends Error {
  constructor(readonly keyId: string | undefined) {
    super('a key was already issued for this Idempotency-Key');
  }
}

function viewOf(row: KeyRow): ApiKeyView {
  return {
    keyId: row.key_id,
    role: row.role,
    sites: row.sites,
    label: row.label,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
    source: 'issued',
  };
}
