// The decider kit lives in @lotstream/domain (pure, no framework); re-exported for the write side.
export { assertNever, fold, foldStream, isRejection, reject } from '@lotstream/domain';
export type { Decider, Decision, DomainEvent, LoadedStream, Rejection } from '@lotstream/domain';
