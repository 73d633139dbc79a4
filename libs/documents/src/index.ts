export * from './document/document.events';
export * from './document/document.state';
export * from './documents.commands';
export * from './documents.module';
