export * from './event-store.types';
export * from './event-store.errors';
export * from './postgres-event-store';
export * from './safe-order';
export * from './subscription';
export * from './upcasters';
export * from './hash-chain';
export * from './canonical-json';
export { EventStore1764000000000 } from './migrations/1764000000000-event-store';
