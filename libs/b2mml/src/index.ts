export * from './xml/secure-xml';
export * from './mapping/bod';
export * from './mapping/b2mml-mapping';
export * from './senders/b2mml-sender.events';
export * from './intake/b2mml-intake';
export * from './intake/acknowledgement';
export * from './b2mml.commands';
export * from './b2mml.module';
