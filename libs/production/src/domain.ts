// The production context's pure domain (events, lot state, decisions and their rules), loadable
// without the framework: what other contexts' domain files may import (@lotstream/production/domain).
export * from './lot/lot.events';
export * from './lot/lot.state';
export * from './lot/record-production-step/record-production-step';
