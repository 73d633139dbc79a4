export * from './domain/decider';
export * from './command-dispatch';
