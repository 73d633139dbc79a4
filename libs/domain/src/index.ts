export * from './validity';
export * from './decider';
