export * from './site-policy/site-policy.events';
export * from './site-policy/site-policy.state';
export * from './sites.commands';
export * from './sites.module';
export * from './policy-check';
