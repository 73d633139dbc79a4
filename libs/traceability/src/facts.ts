import type { RecordedEvent } from '@lotstream/event-store';

/**
 * Helpers shared by the traceability projections. Every projection stores facts keyed by their
 * natural ids (stream + stream version) with INSERT … ON CONFLICT DO NOTHING, and every answer is
 * derived at query time, so the tables are the same whatever the order events of different streams
 * (or of one lot on two topics) arrive in.
 */

const LOT_PREFIX = 'lot-';
const EQUIPMENT_PREFIX = 'equipment-';
const PROTOTYPE_PREFIX = 'prototype-';

/** The lot number of an event on a lot stream, else undefined (prototype events never qualify). */
export function lotNumberOf(event: RecordedEvent): string | undefined {
  return event.streamId.startsWith(LOT_PREFIX) ? event.streamId.slice(LOT_PREFIX.length) : undefined;
}

export function equipmentIdOf(event: RecordedEvent): string | undefined {
  return event.streamId.startsWith(EQUIPMENT_PREFIX) ? event.streamId.slice(EQUIPMENT_PREFIX.length) : undefined;
}

export function buildIdOf(event: RecordedEvent): string | undefined {
  return event.streamId.startsWith(PROTOTYPE_PREFIX) ? event.streamId.slice(PROTOTYPE_PREFIX.length) : undefined;
}

/** An instant from event data as ISO text, or null when missing or not a time (never throws). */
export function instantOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
