// The suppliers context's pure domain (sampling tables, switching rules), loadable without the
// framework: what other contexts' domain files may import (@lotstream/suppliers/domain).
export * from './sampling/iso2859-tables';
export * from './sampling/iso2859-sampling';
export * from './sampling/switching';
export * from './supplier/supplier.events';
export * from './supplier/supplier.state';
export * from './supplier/lot-acceptance';
