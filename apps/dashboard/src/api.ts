// The API key lives in sessionStorage (this tab only) and goes out as a bearer header; never in a URL.
const KEY = 'lotstream.apiKey';

export const apiKey = (): string | null => sessionStorage.getItem(KEY);
export const setApiKey = (key: string): void => sessionStorage.setItem(KEY, key);
export const clearApiKey = (): void => sessionStorage.removeItem(KEY);

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; detail: string };

/** GET a /v1 route. 401 forgets the key and sends the person to sign-in. */
export async function get<T>(path: string, onUnauthorized: () => void): Promise<ApiResult<T>> {
  const key = apiKey();
  if (!key) {
    onUnauthorized();
    return { ok: false, status: 401, detail: 'Not signed in.' };
  }
  const response = await fetch(path, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });
  if (response.status === 401) {
    clearApiKey();
    onUnauthorized();
  }
  const body = (await response.json().catch(() => ({}))) as { detail?: string };
  if (!response.ok) return { ok: false, status: response.status, detail: body.detail ?? response.statusText };
  return { ok: true, data: body as T };
}
