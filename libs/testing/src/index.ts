export * from './test-database';
export * from './kafka';
export * from './wait-for';
export * from './test-app';
export * from './api-keys';
