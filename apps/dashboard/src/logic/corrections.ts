// Pure mappings of the device history record's corrections: which recorded fields a correction
// changed, and how a recorded value reads (the original struck through beside the corrected one).

export interface FieldChange {
  /** The field as the API names it; a nested one by its path (`characteristic.usl`). */
  field: string;
  before: string;
  after: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant to the second it was recorded at, in UTC: `2026-03-01 14:05 UTC`, `… 14:05:09 UTC`, `… 14:05:09.250 UTC`. */
export function formatRecordedInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const [day, time] = date.toISOString().split('T');
  return `${day} ${time.replace(/\.000Z$|Z$/, '').replace(/^(\d{2}:\d{2}):00$/, '$1')} UTC`;
}

/**
 * A recorded value as a person reads it, exactly (a correction may change one digit or one second):
 * numbers as recorded, a list of measurements space-separated, instants in UTC, "—" for none.
 */
export function formatRecordedValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.length ? value.map(formatRecordedValue).join(' ') : '—';
  if (typeof value === 'string') return INSTANT.test(value) ? formatRecordedInstant(value) : value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Leaf fields of a record's data by dotted path; an empty object or a list is a leaf. */
function leaves(value: unknown, path: string, into: Map<string, unknown>): Map<string, unknown> {
  const entries = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
  if (entries.length === 0) {
    if (path) into.set(path, value);
    return into;
  }
  for (const [key, child] of entries) leaves(child, path ? `${path}.${key}` : key, into);
  return into;
}

/**
 * What one correction changed: each field it names (nested ones by path) whose value differs from
 * the one before, in the order the correction gives them; unchanged fields are left out.
 */
export function fieldChanges(previous: Record<string, unknown> | undefined, corrected: Record<string, unknown> | undefined): FieldChange[] {
  const before = leaves(previous ?? {}, '', new Map());
  const after = leaves(corrected ?? {}, '', new Map());
  const fields = [...new Set([...after.keys(), ...before.keys()])];
  return fields
    .filter((field) => JSON.stringify(before.get(field)) !== JSON.stringify(after.get(field)))
    .map((field) => ({ field, before: formatRecordedValue(before.get(field)), after: formatRecordedValue(after.get(field)) }));
}
