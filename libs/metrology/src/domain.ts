// The metrology context's pure domain (equipment events and state, gauge R&R statistics), loadable
// without the framework: what other contexts' domain files may import (@lotstream/metrology/domain).
export * from './equipment/equipment.events';
export * from './equipment/equipment.state';
export * from './msa/distributions';
export * from './msa/gauge-rr';
