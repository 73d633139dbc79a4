import type { Actor } from '@lotstream/access';
import type { CommandContext } from '@lotstream/recording';
import { handleMesMessage, IncomingMesMessage, MesIntakeDeps } from './mes-command';

const integration: Actor = { keyId: 'k-mes', role: 'integration', label: 'MES line 1', sites: ['SITE-A'] };
const identity: Actor = { keyId: 'k-site', role: 'integration', label: 'site identity', sites: ['SITE-A'] };

function deps(overrides: Partial<MesIntakeDeps> = {}): MesIntakeDeps & { calls: Array<{ type: string; payload: unknown; context: CommandContext }> } {
  const calls: Array<{ type: string; payload: unknown; context: CommandContext }> = [];
  return {
    calls,
    authenticate: async (key) => (key === 'good-key' ? integration : key === 'site-key' ? identity : undefined),
    dispatch: async (type, payload, context) => {
      calls.push({ type, payload, context });
      return { status: 201, body: { streamId: 'lot-L1', streamVersion: 1, eventIds: ['e1'], position: '7' }, streamId: 'lot-L1', streamVersion: 1 };
    },
    ...overrides,
  };
}

function message(value: unknown, headers: Record<string, string> = { 'api-key': 'good-key' }): IncomingMesMessage {
  return { value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), headers, coordinates: 'kafka:mes:0:42' };
}

const registerLot = { type: 'RegisterLot', idempotencyKey: 'mes-1', payload: { lotNumber: 'L1' } };

describe('MES command messages', () => {
  it('dispatches a command with the key of its api-key header and answers the write result', async () => {
    const d = deps();
    const outcome = await handleMesMessage(message(registerLot, { 'api-key': 'good-key', 'correlation-id': 'corr-9' }), d);
    expect(outcome).toEqual({ kind: 'result', result: { idempotencyKey: 'mes-1', status: 201, streamId: 'lot-L1', streamVersion: 1, eventIds: ['e1'] } });
    expect(d.calls).toEqual([
      { type: 'RegisterLot', payload: { lotNumber: 'L1' }, context: { actor: integration, idempotencyKey: 'mes-1', correlationId: 'corr-9' } },
    ]);
  });

  it('uses the deployment integration identity when the message has no api-key header, and the message coordinates as correlation id', async () => {
    const d = deps({ integrationKey: 'site-key' });
    await handleMesMessage(message(registerLot, {}), d);
    expect(d.calls[0].context).toEqual({ actor: identity, idempotencyKey: 'mes-1', correlationId: 'kafka:mes:0:42' });
  });

  it('answers 401 without a valid key and dispatches nothing', async () => {
    const d = deps();
    const withoutIdentity = await handleMesMessage(message(registerLot, {}), d);
    const wrongKey = await handleMesMessage(message(registerLot, { 'api-key': 'bad' }), d);
    for (const outcome of [withoutIdentity, wrongKey]) {
      expect(outcome).toMatchObject({ kind: 'result', result: { idempotencyKey: 'mes-1', status: 401, problem: { status: 401 } } });
    }
    expect(d.calls).toHaveLength(0);
  });

  it('passes the problem of a refused command through, like a /v1/batch item', async () => {
    const problem = { type: 'https://lotstream.dev/problems/lot-closed', title: 'Unprocessable Content', status: 422, detail: 'closed' };
    const d = deps({ dispatch: async () => ({ status: 422, body: problem }) });
    expect(await handleMesMessage(message(registerLot), d)).toEqual({ kind: 'result', result: { idempotencyKey: 'mes-1', status: 422, problem } });
  });

  it('answers 400 for a command without idempotency key or with unknown fields (a redelivery could not be recognised)', async () => {
    const d = deps();
    expect(await handleMesMessage(message({ type: 'RegisterLot', payload: {} }), d)).toMatchObject({ result: { idempotencyKey: null, status: 400 } });
    expect(await handleMesMessage(message({ ...registerLot, extra: 1 }), d)).toMatchObject({ result: { idempotencyKey: 'mes-1', status: 400 } });
    expect(d.calls).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{"type": "RegisterLot"', 'value is not JSON'],
    ['not an object', '[1, 2]', 'value is not a JSON object'],
    ['null', 'null', 'value is not a JSON object'],
    ['without type', { idempotencyKey: 'x', payload: {} }, 'value has no command type'],
  ])('sends a message that is %s to the dead letters', async (_, value, reason) => {
    const d = deps();
    expect(await handleMesMessage(message(value), d)).toEqual({ kind: 'dead-letter', reason });
    expect(d.calls).toHaveLength(0);
  });

  it('lets an infrastructure failure escape so the message is redelivered', async () => {
    const d = deps({ dispatch: async () => Promise.reject(new Error('database down')) });
    await expect(handleMesMessage(message(registerLot), d)).rejects.toThrow('database down');
  });
});
