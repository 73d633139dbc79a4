export * from './equipment/equipment.events';
export * from './equipment/equipment.state';
export * from './metrology.commands';
export * from './metrology.module';
