export * from './person/person.events';
export * from './person/person.state';
export * from './personnel.commands';
export * from './personnel.module';
export * from './signing/signing';
export * from './signing/signature-verifier';
export * from './signing/signature.dto';
