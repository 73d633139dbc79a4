export * from './inspection/inspection.events';
export * from './inspection/inspection-recorded.upcaster';
export * from './inspection/verdict';
export * from './lot-quality/lot-quality.state';
export * from './inspection/record-inspection/record-inspection';
export * from './inspection/record-inspection/record-inspection.dto';
export { gaugeFacts } from './inspection/record-inspection/record-inspection.handler';
export * from './quality.commands';
export * from './quality.module';
