import { TEST_ADMIN_KEY } from './test-app';

export interface TestKey {
  keyId: string;
  apiKey: string;
  /** `{authorization: 'Bearer …'}`, to spread into request headers. */
  headers: Record<string, string>;
}

/** Issues an API key of a role on a test app (through the admin route, with TEST_ADMIN_KEY). */
export async function issueTestKey(baseUrl: string, role: string, sites: string[] = ['*'], label = `test ${role}`): Promise<TestKey> {
  const response = await fetch(`${baseUrl}/v1/admin/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, sites, label }),
  });
  const body = (await response.json()) as { keyId: string; apiKey: string };
  if (response.status !== 201) throw new Error(`issuing a ${role} key failed: ${response.status} ${JSON.stringify(body)}`);
  return { keyId: body.keyId, apiKey: body.apiKey, headers: { authorization: `Bearer ${body.apiKey}` } };
}
