import { TEST_ADMIN_KEY } from '@lotstream/testing';

/** Shared by the e2e specs that sign: an HTTP caller, and a person registered and enrolled as a signer. */

export interface Answer {
  status: number;
  /** The parsed JSON body (undefined when the answer has none). */
  body: any;
  text: string;
}

export type Call = (method: string, path: string, headers: Record<string, string>, body?: unknown) => Promise<Answer>;

/** A JSON fetch against the app at `baseUrl()` (read when called: the app starts in beforeAll). */
export function httpCaller(baseUrl: () => string): Call {
  return async (method, path, headers, body) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };
}

export interface SignerOptions {
  personId: string;
  name: string;
  siteId: string;
  password: string;
  /** The key that registers the person (POST /v1/personnel): an integration key. */
  registeredWith: Record<string, string>;
  /** The headers the signer sets the password with; none by default (the route takes no key). */
  credentialWith?: Record<string, string>;
}

export interface Signer {
  personId: string;
  password: string;
  /** The signature block a signed command takes; another password to be refused. */
  signature(meaning?: string, password?: string): { personId: string; password: string; meaning: string };
}

/**
 * Registers a person and enrols them as a signer through the product's routes: POST /v1/personnel,
 * POST …/signing-enrolment with the admin key, then POST …/signing-credential with the one-time
 * token and the password. Each answer must be 201.
 */
export async function enrolSigner(call: Call, options: SignerOptions): Promise<Signer> {
  const { personId, name, siteId, password } = options;
  const expectCreated = (path: string, answer: Answer) => expect({ path, status: answer.status, text: answer.text }).toMatchObject({ path, status: 201 });

  const registered = await call('POST', '/v1/personnel', options.registeredWith, { personId, name, siteId });
  expectCreated('/v1/personnel', registered);
  const enrolmentPath = `/v1/personnel/${personId}/signing-enrolment`;
  const enrolment = await call('POST', enrolmentPath, { authorization: `Bearer ${TEST_ADMIN_KEY}` }, {});
  expectCreated(enrolmentPath, enrolment);
  const credentialPath = `/v1/personnel/${personId}/signing-credential`;
  const credential = await call('POST', credentialPath, options.credentialWith ?? {}, { enrolmentToken: enrolment.body.enrolmentToken, password });
  expectCreated(credentialPath, credential);
  return { personId, password, signature: (meaning = 'approved', other = password) => ({ personId, password: other, meaning }) };
}
