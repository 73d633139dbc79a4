/** Shared by the B2MML e2e specs: an HTTP caller and the step facts their BODs report. */

export interface Answer {
  status: number;
  type: string;
  text: string;
  /** The parsed body of a JSON or problem+json answer. */
  body: any;
}

/** A fetch against the app at `baseUrl()` (read when called: the app starts in beforeAll). */
export function httpCaller(baseUrl: () => string) {
  return async (method: string, path: string, headers: Record<string, string>, body?: string, contentType = 'application/json'): Promise<Answer> => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body,
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, type, text, body: /application\/(problem\+)?json/.test(type) && text ? JSON.parse(text) : undefined };
  };
}

/** The step (OP10, turning on LATHE-07 by OPR-117) as POST /v1/lots/{lotNumber}/steps takes it. */
export const STEP_JSON = {
  stepId: 'OP10',
  operation: 'turning',
  sequence: 10,
  workCenter: 'WC-LATHE-2',
  equipmentIds: ['LATHE-07'],
  operatorId: 'OPR-117',
  sopRevision: 'SOP-12 rev D',
  startedAt: '2026-11-25T08:30:00Z',
  completedAt: '2026-11-25T09:10:00Z',
  quantityIn: 10,
  quantityGood: 10,
  quantityScrapped: 0,
};
