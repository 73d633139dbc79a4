export * from './validity-timeline';
export * from './calibration';
export * from './work-conditions';
