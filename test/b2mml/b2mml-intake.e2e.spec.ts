import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp, waitFor } from '@lotstream/testing';
import { httpCaller } from './b2mml-fixtures';

// ISA-95 / B2MML over HTTP. The BODs are written from MESAInternational/B2MML-BatchML:
// SyncMaterialLot / GetMaterialLot / ChangeMaterialLot (ApplicationArea, DataArea, verb, MaterialLot):
// Schema/B2MML-V0600-Material.xsd; MaterialLot ID, MaterialDefinitionID, Quantity: MaterialLotType there;
// Quantity/QuantityString, UnitOfMeasure: QuantityValueType in Schema/B2MML-V0600-Common.xsd;
// ApplicationArea/Sender/LogicalID and BODID: TransApplicationAreaType in Schema/B2MML-V0600-Common.xsd.
describe('B2MML intake (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let auditor: Record<string, string>;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
  const V0600 = 'http://www.mesa.org/xml/B2MML-V0600';

  const call = httpCaller(() => t.baseUrl);

  const postBod = (xml: string, accept = 'application/json', headers = integration) =>
    call('POST', '/v1/integrations/b2mml', { ...headers, accept }, xml, 'application/xml');

  const bod = (verb: string, nouns: string, { bodId = 'bod-1', sender = 'MES-1', namespace = V0600 } = {}) => `<?xml version="1.0" encoding="UTF-8"?>
<${verb}MaterialLot xmlns="${namespace}" releaseID="1">
  <ApplicationArea>${sender ? `<Sender><LogicalID>${sender}</LogicalID></Sender>` : ''}<CreationDateTime>2026-11-25T08:30:00Z</CreationDateTime>${bodId ? `<BODID>${bodId}</BODID>` : ''}</ApplicationArea>
  <DataArea><${verb}/>${nouns}</DataArea>
</${verb}MaterialLot>`;

  const lot = (id: string, quantity: string | null = '120.5') =>
    `<MaterialLot><ID>${id}</ID><MaterialDefinitionID>RM-6061</MaterialDefinitionID>${
      quantity !== null ? `<Quantity><QuantityString>${quantity}</QuantityString><UnitOfMeasure>kg</UnitOfMeasure></Quantity>` : ''
    }</MaterialLot>`;

  // Counted in the store itself: the audit log reads in safe order and may hold back a just-committed append.
  const eventCount = async (): Promise<number> => Number((await t.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);

  const streamEvents = async (streamId: string) => (await call('GET', `/v1/audit/streams/${streamId}`, auditor)).body?.events ?? [];

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['SITE-A'])).headers;
    auditor = (await issueTestKey(t.baseUrl, 'auditor', ['*'])).headers;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a BOD from an unconfigured sender when there is no default (422 unknown-sender), and lets only admin configure one', async () => {
    const answer = await postBod(bod('Sync', lot('M-UNKNOWN'), { sender: 'MES-NOBODY', bodId: 'bod-unknown' }));
    expect(answer.status).toBe(422);
    expect(answer.body.type).toBe('https://lotstream.dev/problems/unknown-sender');
    const mapping = JSON.stringify({ siteId: 'SITE-A', defaults: { partRevision: 'C' }, productionLot: 'ProductionResponse/ID' });
    expect((await call('PUT', '/v1/integrations/b2mml/senders/MES-1', integration, mapping)).status).toBe(403);
    const configured = await call('PUT', '/v1/integrations/b2mml/senders/MES-1', admin, mapping);
    expect(configured.status).toBe(201);
    expect((await streamEvents('b2mml-sender-MES-1')).map((e: any) => [e.type, e.data])).toEqual([
      ['B2mmlSenderConfigured', { logicalId: 'MES-1', siteId: 'SITE-A', defaults: { partRevision: 'C' }, productionLot: 'ProductionResponse/ID' }],
    ]);
  });

  it('records two complete nouns of three and answers the incomplete one 422 with its element path; events equal the JSON intake', async () => {
    const before = await eventCount();
    const answer = await postBod(bod('Sync', lot('M-B1') + lot('M-B2', null) + lot('M-B3'), { bodId: 'bod-three' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ bodId: 'bod-three', acknowledgement: 'ConfirmBOD', version: 'V0600', verb: 'Sync', noun: 'MaterialLot' });
    expect(answer.body.nouns.map((n: any) => [n.position, n.id, n.status])).toEqual([
      [0, 'M-B1', 201],
      [1, 'M-B2', 422],
      [2, 'M-B3', 201],
    ]);
    expect(answer.body.nouns[1].problem.errors.map((e: any) => e.field)).toEqual(['MaterialLot/Quantity/QuantityString', 'MaterialLot/Quantity/UnitOfMeasure']);
    expect(answer.body.nouns[0].commands).toEqual([{ type: 'RegisterLot', status: 201, streamId: 'lot-M-B1', streamVersion: 1 }]);
    expect(await eventCount()).toBe(before + 2);
    expect(await streamEvents('lot-M-B2')).toEqual([]);

    // The same facts through the JSON intake give the same event data.
    const json = await call(
      'POST',
      '/v1/lots',
      integration,
      JSON.stringify({ lotNumber: 'M-J1', partNumber: 'RM-6061', partRevision: 'C', quantity: 120.5, unit: 'kg', siteId: 'SITE-A', kind: 'material' }),
    );
    expect(json.status).toBe(201);
    const [fromXml] = await streamEvents('lot-M-B1');
    const [fromJson] = await streamEvents('lot-M-J1');
    expect(fromXml.type).toBe(fromJson.type);
    expect({ ...fromXml.data, lotNumber: 'M-J1' }).toEqual(fromJson.data);
  });

  it('stores a noun that becomes several commands all or nothing: a lot whose last sub-lot split is refused stores nothing', async () => {
    const subLot = (id: string, quantity: string) =>
      `<MaterialSubLot><ID>${id}</ID><Quantity><QuantityString>${quantity}</QuantityString></Quantity></MaterialSubLot>`;
    const withSubLots = (id: string, last: string) => lot(id).replace('</MaterialLot>', `${subLot(`${id}.1`, '20')}${subLot(`${id}.2`, last)}</MaterialLot>`);
    const before = await eventCount();
    const answer = await postBod(bod('Sync', withSubLots('M-A1', '500') + lot('M-A2'), { bodId: 'bod-atomic' }));
    expect(answer.status).toBe(200);
    expect(answer.body.nouns.map((n: any) => [n.id, n.status, n.commands.map((c: any) => [c.type, c.status])])).toEqual([
      [
        'M-A1',
        422,
        [
          ['RegisterLot', 424],
          ['SplitLot', 424],
          ['SplitLot', 422],
        ],
      ],
      ['M-A2', 201, [['RegisterLot', 201]]],
    ]);
    expect(answer.body.nouns[0].commands[0].problem.type).toBe('https://lotstream.dev/problems/not-written');
    expect(await streamEvents('lot-M-A1')).toEqual([]);
    expect(await streamEvents('lot-M-A1.1')).toEqual([]);
    expect(await eventCount()).toBe(before + 1);

    // The same noun with a split that fits is stored whole, in one go; its redelivery appends nothing.
    const whole = bod('Sync', withSubLots('M-A3', '30'), { bodId: 'bod-atomic-2' });
    const stored = await postBod(whole);
    expect(stored.body.nouns[0].commands.map((c: any) => c.status)).toEqual([201, 201, 201]);
    expect((await streamEvents('lot-M-A3')).map((e: any) => e.type)).toEqual(['LotRegistered', 'LotSplit', 'LotSplit']);
    const count = await eventCount();
    expect((await postBod(whole)).body).toEqual(stored.body);
    expect(await eventCount()).toBe(count);
  });

  it('answers a redelivered BOD with the same answer and appends nothing, in XML as ConfirmBOD', async () => {
    const xml = bod('Sync', lot('M-R1'), { bodId: 'bod-redeliver' });
    const first = await postBod(xml, 'application/xml');
    expect(first.status).toBe(200);
    expect(first.type).toContain('application/xml');
    expect(first.text).toContain('<ConfirmBOD xmlns="http://www.mesa.org/xml/B2MML-V0600"');
    expect(first.text).toContain('<BODID>bod-redeliver</BODID>');
    const count = await eventCount();
    const again = await postBod(xml, 'application/xml');
    expect(again.text).toBe(first.text);
    expect(await eventCount()).toBe(count);
    expect(await streamEvents('lot-M-R1')).toHaveLength(1);
  });

  it('answers Process with Acknowledge<Noun>, and refuses Change and an unknown namespace', async () => {
    const processed = await postBod(bod('Process', lot('M-P1'), { bodId: 'bod-process' }), 'application/xml');
    expect(processed.text).toContain('<AcknowledgeMaterialLot ');
    const change = await postBod(bod('Change', lot('M-P1'), { bodId: 'bod-change' }));
    expect(change.status).toBe(422);
    expect(change.body.type).toBe('https://lotstream.dev/problems/unsupported-b2mml-verb');
    const unknown = await postBod(bod('Sync', lot('M-V1'), { bodId: 'bod-v', namespace: 'http://www.mesa.org/xml/B2MML-V9999' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toBe('https://lotstream.dev/problems/unsupported-b2mml-version');
  });

  it('refuses XXE, billion laughs, depth 1,000 and 10 MB with 400, stores nothing, and still answers', async () => {
    const before = await eventCount();
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + bod('Sync', lot('&x;')).replace(/^<\?xml[^>]*>/, '');
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><lolz>&lol9;</lolz>`;
    const deep = '<a>'.repeat(1000) + '</a>'.repeat(1000);
    const huge = bod('Sync', lot('M-HUGE') + `<!--${'x'.repeat(10 * 1024 * 1024)}-->`);
    for (const [name, xml, type] of [
      ['xxe', xxe, 'xml-doctype'],
      ['billion laughs', laughs, 'xml-doctype'],
      ['depth 1000', deep, 'xml-too-deep'],
      ['10 MB', huge, 'xml-too-large'],
    ]) {
      const answer = await postBod(xml);
      expect({ name, status: answer.status, type: answer.body?.type }).toEqual({ name, status: 400, type: `https://lotstream.dev/problems/${type}` });
    }
    expect(await eventCount()).toBe(before);
    expect((await call('GET', '/health', {})).status).toBe(200);
  });

  it('answers GetMaterialLot with ShowMaterialLot from the read models, with the hold in force and then its release', async () => {
    await postBod(bod('Sync', lot('M-G1', '40'), { bodId: 'bod-get-setup' }));
    await waitFor(
      () => call('GET', '/v1/lots/M-G1', integration),
      (r) => r.status === 200,
      { what: 'lot M-G1 in the read model' },
    );
    const get = (bodId: string) =>
      postBod(bod('Get', '<MaterialLot><ID>M-G1</ID></MaterialLot><MaterialLot><ID>M-NONE</ID></MaterialLot>', { bodId }), 'application/xml');
    const shown = await get('bod-get');
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<ShowMaterialLot xmlns="http://www.mesa.org/xml/B2MML-V0600"');
    expect(shown.text).toContain(
      '<MaterialLot><ID>M-G1</ID><MaterialDefinitionID>RM-6061</MaterialDefinitionID><Status>registered</Status>' +
        '<MaterialLotProperty><ID>HoldState</ID><Value><ValueString>none</ValueString></Value></MaterialLotProperty>' +
        '<Quantity><QuantityString>40</QuantityString><UnitOfMeasure>kg</UnitOfMeasure></Quantity></MaterialLot>',
    );
    expect(shown.text).not.toContain('M-NONE');

    // A hold placed by quality shows as HoldState held with the hold; its signed release as released.
    const quality = (await issueTestKey(t.baseUrl, 'quality', ['SITE-A'])).headers;
    const json = (path: string, body: unknown, headers: Record<string, string>) => call('POST', path, headers, JSON.stringify(body));
    expect((await json('/v1/personnel', { personId: 'QE-B2', name: 'Dana Whitfield', siteId: 'SITE-A' }, integration)).status).toBe(201);
    const enrolment = await json('/v1/personnel/QE-B2/signing-enrolment', {}, admin);
    const password = 'Sign-Me-Carefully-7431';
    expect((await json('/v1/personnel/QE-B2/signing-credential', { enrolmentToken: enrolment.body.enrolmentToken, password }, quality)).status).toBe(201);
    expect((await json('/v1/lots/M-G1/holds', { holdId: 'HOLD-G1', reason: 'hardness re-test', scope: 'lot' }, quality)).status).toBe(201);
    const held = await get('bod-get-held');
    expect(held.text).toContain(
      '<Status>registered</Status><MaterialLotProperty><ID>HoldState</ID><Value><ValueString>held</ValueString></Value></MaterialLotProperty>' +
        '<MaterialLotProperty><ID>Hold</ID><Description>hardness re-test</Description><Value><ValueString>HOLD-G1</ValueString></Value></MaterialLotProperty>',
    );
    const release = { reason: 'retest passed', signature: { personId: 'QE-B2', password, meaning: 'approved' } };
    expect((await json('/v1/lots/M-G1/holds/HOLD-G1/release', release, quality)).status).toBe(201);
    const released = await postBod(bod('Get', '<MaterialLot><ID>M-G1</ID></MaterialLot>', { bodId: 'bod-get-released' }));
    expect(released.body.lots).toHaveLength(1);
    expect(released.body.lots[0]).toMatchObject({ lotNumber: 'M-G1', holdState: 'released', activeHolds: [], releaseId: null, quantity: 40 });
  });
  it('maps a BOD without a sender by the default mapping, takes text/xml, refuses Cancel, and replays a BOD without BODID by its document hash', async () => {
    const mapping = JSON.stringify({ siteId: 'SITE-A', defaults: { partRevision: 'B' }, productionLot: 'ProductionResponse/ID' });
    expect((await call('PUT', '/v1/integrations/b2mml/senders/default', admin, mapping)).status).toBe(201);
    const xml = bod('Sync', lot('M-D1'), { sender: '', bodId: '' });
    const post = () => call('POST', '/v1/integrations/b2mml', { ...integration, accept: 'application/json' }, xml, 'text/xml');
    const first = await post();
    expect(first.status).toBe(200);
    expect(first.body.bodId).toBeNull();
    expect(first.body.nouns.map((n: any) => [n.id, n.status])).toEqual([['M-D1', 201]]);
    expect((await streamEvents('lot-M-D1')).map((e: any) => e.data.partRevision)).toEqual(['B']);
    const count = await eventCount();
    const again = await post();
    expect(again.body).toEqual(first.body);
    expect(await eventCount()).toBe(count);
    const cancel = await postBod(bod('Cancel', lot('M-D2'), { bodId: 'bod-cancel' }));
    expect(cancel.status).toBe(422);
    expect(cancel.body.type).toBe('https://lotstream.dev/problems/unsupported-b2mml-verb');
    expect(cancel.body.detail).toContain('Cancel');
    expect(await streamEvents('lot-M-D2')).toEqual([]);
  });
});
