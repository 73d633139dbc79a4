export * from './topics';
export * from './envelope';
export * from './projection-runner';
export * from './in-process-feed';
export * from './projector.module';
