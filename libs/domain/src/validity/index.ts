export * from './validity-timeline';
export * from './calibration';
