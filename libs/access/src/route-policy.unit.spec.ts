import { ROLES } from './actor';
import { policyKey, READ_ROLES, ROUTE_POLICY } from './route-policy';

describe('route policy', () => {
  it('writes keys as METHOD /path with {params}, whatever the spelling of the route', () => {
    expect(policyKey('get', 'v1/lots/:lotNumber')).toBe('GET /v1/lots/{lotNumber}');
    expect(policyKey('POST', '/v1//admin/api-keys/')).toBe('POST /v1/admin/api-keys');
    expect(policyKey('GET', '/')).toBe('GET /');
  });

  it('lets admin manage keys, rebuilds and site policies only, and write or read no production data', () => {
    // A site's policy is configuration the admin sets (PUT, from its command definition) and may read back.
    const siteConfiguration = ['GET /v1/sites/{siteId}/policy'];
    for (const [route, roles] of Object.entries(ROUTE_POLICY)) {
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(ROLES).toContain(role);
      expect(route.startsWith('POST /v1/admin/') || route.startsWith('GET /v1/admin/') || siteConfiguration.includes(route)).toBe(roles.includes('admin'));
    }
  });

  it('lets every role but admin read, and the auditor write nothing', () => {
    expect([...READ_ROLES].sort()).toEqual(ROLES.filter((r) => r !== 'admin').sort());
    for (const [route, roles] of Object.entries(ROUTE_POLICY)) {
      if (route.startsWith('POST ')) expect(roles).not.toContain('auditor');
    }
    // Who may run each command (batch item, Kafka message, its route): test/recording/command-definitions.unit.spec.ts.
  });
});
