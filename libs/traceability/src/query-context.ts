import { READ_MODEL_SCHEMA } from '@lotstream/messaging';

/** What the query functions need from Postgres: a Pool, a client, or a transaction. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * The sites the caller may see (an API key's sites, or ['*']). Anything of another site is
 * answered exactly like something that does not exist.
 */
export type SiteScope = readonly string[];
export const ALL_SITES: SiteScope = ['*'];

export function sees(scope: SiteScope, siteId: string | null | undefined): boolean {
  return scope.includes('*') || (siteId != null && scope.includes(siteId));
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/** Where the queries read: the live read-model schema, or another one (a rebuild, a test). */
export function readSchema(schema: string = READ_MODEL_SCHEMA): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid read-model schema name ${schema}`);
  return schema;
}

export const iso = (value: Date | string | null | undefined): string | null =>
  value == null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

/**
 * A timestamptz column formatted by PostgreSQL exactly as `iso()` formats it (UTC, whole
 * milliseconds cut, not rounded, as node-pg's Date does): where a query returns thousands of
 * instants, the text skips a Date parse and a format per value. Recorded instants lie in the years
 * 1900–2999 (field validation), so the four-digit year is toISOString's too.
 */
export const isoText = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** An instant read either as a Date or as isoText's text (already in iso() form). */
export const isoOf = (value: Date | string | null | undefined): string | null => (typeof value === 'string' ? value : iso(value));

/** numeric columns come back as text; quantities are answered as JSON numbers. */
export const num = (value: string | number | null | undefined): number | null => (value == null ? null : Number(value));
