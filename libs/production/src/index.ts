export * from './lot/lot.events';
export * from './lot/lot.state';
export * from './lot/genealogy';
export * from './lot/record-production-step/record-production-step';
export * from './lot/record-production-step/record-production-step.dto';
export * from './production.commands';
export * from './production.module';
export * from './lot/lot-handler';
