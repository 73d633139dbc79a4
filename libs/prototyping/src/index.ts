export * from './build/prototype.events';
export * from './build/prototype.state';
export * from './prototyping.commands';
export * from './prototyping.module';
