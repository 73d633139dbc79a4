export * from './person/person.events';
export * from './person/person.state';
export * from './personnel.commands';
export * from './personnel.module';
