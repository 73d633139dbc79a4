import type { RecordedEvent } from './event-store.types';

/** Turns the data of an older schema version of an event type into the next version's shape. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, any>): Record<string, any>;
}

/**
 * Stored events are never rewritten; older shapes are upgraded as they are read, one version step
 * at a time, so every reader (projections, audit, deciders) sees only the current shape.
 * The hash chain always covers the stored form.
 */
export class Upcasters {
  private readonly steps = new Map<string, Upcaster>();

  constructor(upcasters: Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): void {
    this.steps.set(`${upcaster.type}@${upcaster.fromVersion}`, upcaster);
  }

  upcast(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (let step = this.steps.get(`${current.type}@${current.schemaVersion}`); step;) {
      current = { ...current, data: step.upcast(current.data), schemaVersion: current.schemaVersion + 1 };
      step = this.steps.get(`${current.type}@${current.schemaVersion}`);
    }
    return current;
  }
}
