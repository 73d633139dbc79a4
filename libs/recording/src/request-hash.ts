// Idempotency is the event store's concern (access uses it too and sits below recording).
export { namespacedKey, requestHash } from '@lotstream/event-store';
