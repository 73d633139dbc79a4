import { problem, Problem } from '@lotstream/platform';

/**
 * Why key management refused a request. Values, not exceptions: the service decides, and the HTTP
 * edge (problemOfRefusal) alone knows how each is answered.
 */
export type ApiKeyRefusal =
  | { refused: 'all-sites-not-alone' }
  | { refused: 'key-already-issued'; keyId: string | undefined }
  | { refused: 'key-from-environment' }
  | { refused: 'key-not-found'; keyId: string };

export const isApiKeyRefusal = (value: unknown): value is ApiKeyRefusal =>
  typeof value === 'object' && value !== null && typeof (value as { refused?: unknown }).refused === 'string';

export function problemOfRefusal(refusal: ApiKeyRefusal): Problem {
  switch (refusal.refused) {
    case 'all-sites-not-alone':
      return problem(400, 'validation', 'The request has 1 invalid field(s).', {
        errors: [{ field: 'sites', message: '"*" (all sites) must be the only entry' }],
      });
    case 'key-already-issued':
      return problem(
        409,
        'api-key-already-issued',
        'A key was already issued for this Idempotency-Key; its secret is shown only once. Revoke it and create a new one if it was lost.',
        {
          keyId: refusal.keyId,
        },
      );
    case 'key-from-environment':
      return problem(409, 'key-from-environment', 'The admin-env key is ADMIN_API_KEY: remove or change that variable and restart to revoke it.');
    case 'key-not-found':
      return problem(404, 'not-found', `No API key "${refusal.keyId}".`);
  }
}
