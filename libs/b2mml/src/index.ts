export * from './xml/secure-xml';
export * from './mapping/bod';
export * from './mapping/b2mml-mapping';
