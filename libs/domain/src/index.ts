export * from './validity';
export * from './decider';
export * from './signature/record-signed';
export * from './correction/event-correction';
