import type { MigrationClass } from '@lotstream/platform';
import { EventStore1764000000000, Upcaster } from '@lotstream/event-store';
import type { ReadModel } from '@lotstream/messaging';

/** Every migration of the product, in the order they apply. */
export const ALL_MIGRATIONS: MigrationClass[] = [EventStore1764000000000];

/** Every registered upcaster (older stored event shapes upgraded on read). */
export const ALL_UPCASTERS: Upcaster[] = [];

/** Every read model the projector maintains (traceability, repeatability). */
export const ALL_READ_MODELS: ReadModel[] = [];
