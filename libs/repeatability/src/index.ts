export * from './spc';
export * from './characteristic-capability/characteristic-capability.projection';
export * from './characteristic-capability/characteristic-capability.query';
export * from './part-consistency/part-consistency.projection';
export * from './part-consistency/part-consistency.evaluate';
export * from './part-consistency/part-consistency.query';
export * from './repeatability.module';
