export * from './domain';
export * from './supplier/supplier.events';
export * from './supplier/supplier.state';
export * from './suppliers.commands';
export * from './suppliers.module';
export * from './supplier-read.module';
