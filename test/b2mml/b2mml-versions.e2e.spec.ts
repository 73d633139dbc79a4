import { B2MML_NAMESPACES } from '@lotstream/b2mml';
import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp } from '@lotstream/testing';
import { httpCaller, STEP_JSON } from './b2mml-fixtures';

// Every supported B2MML release × every mapped noun: one example BOD per cell, sent over HTTP, and the
// same facts sent to the JSON intake; the events of each touched stream are compared field by field
// (type and data). A cell a release's schemas do not define names why, so a gap in the table shows.
//
// The BODs are written from MESAInternational/B2MML-BatchML:
// - ApplicationArea (Sender/LogicalID, BODID): TransApplicationAreaType, Schema/B2MML-V0600-Common.xsd.
// - MaterialLot (ID, MaterialDefinitionID, MaterialLotProperty, MaterialSubLot, Quantity), MaterialSubLot
//   (ID, MaterialLotID, Quantity), MaterialDefinition (ID), MaterialInformation (ID, MaterialDefinition,
//   MaterialLot, MaterialSubLot): MaterialLotType, MaterialSubLotType, MaterialDefinitionType and
//   MaterialInformationType in Schema/B2MML-V0600-Material.xsd; Quantity/QuantityString, UnitOfMeasure:
//   QuantityValueType in Schema/B2MML-V0600-Common.xsd.
// - OperationsPerformance/OperationsResponse/SegmentResponse (ID, ProcessSegmentID, ActualStartTime,
//   ActualEndTime, SegmentData, PersonnelActual/PersonID, EquipmentActual/EquipmentID, MaterialActual):
//   Schema/B2MML-V0600-OperationsPerformance.xsd and OpSegmentResponseType, OpSegmentDataType,
//   OpMaterialActualType (MaterialDefinitionID, MaterialLotID, MaterialUse, Quantity) in
//   Schema/V0600/B2MML-V0600-OperationsPerformanceTypes.xsd; that file's revision history dates
//   OpSegmentResponseType from V0500.
// - ProductionPerformance/ProductionResponse/SegmentResponse with ProductionData:
//   Schema/V0600/B2MML-V0600-ProductionPerformance.xsd and Schema/B2MML-ProductionPerformanceTypes.xsd.
//   No V0401 or V0500 schema file is in that repository: those cells use the same element names under
//   their namespaces.
// - JobResponse (ID, WorkDirectiveID, StartTime, EndTime, JobResponsetData, PersonnelActual,
//   EquipmentActual, MaterialActual) and WorkPerformance/WorkResponse/JobResponse: JobResponseType,
//   WorkResponseType, WorkPerformanceType in Schema/B2MML-V0600-WorkPerformance.xsd (V0600) and
//   Schema/B2MML-WorkPerformance.xsd (V0700+).
// - TestResult (ID, EvaluationDate, TestableObjectID, PropertyMeasurement ID/Value): TestResultType,
//   PropertyMeasurementType in Schema/B2MML-OperationsTest.xsd (V0701).

type Version = 'V0401' | 'V0500' | 'V0600' | 'V0700';
const NAMESPACE: Record<Version, string> = {
  V0401: 'http://www.wbf.org/xml/B2MML-V0401',
  V0500: 'http://www.wbf.org/xml/B2MML-V0500',
  V0600: 'http://www.mesa.org/xml/B2MML-V0600',
  V0700: 'http://www.mesa.org/xml/B2MML',
};
const VERSIONS = Object.keys(NAMESPACE) as Version[];

type Json = Array<[path: string, body: Record<string, unknown>]>;
interface NounCase {
  /** JSON requests both sides need first (not compared: they are the same on both sides). */
  setup?: (t: string) => Json;
  /** The noun instance in the DataArea, facts tagged with `t`. */
  xml: (t: string, v: Version) => string;
  /** The same facts through the JSON intake. */
  json: (t: string) => Json;
  /** The commands the noun becomes. */
  commands: string[];
  /** The streams whose events are compared. */
  streams: (t: string) => string[];
}

const T0 = '2026-11-25T08:30:00Z';
const T1 = '2026-11-25T09:10:00Z';
const lotJson = (lotNumber: string, kind: 'material' | 'production', extra: Record<string, unknown> = {}): [string, Record<string, unknown>] => [
  '/v1/lots',
  {
    lotNumber,
    partNumber: kind === 'material' ? 'RM-6061' : 'P-1',
    partRevision: 'C',
    quantity: kind === 'material' ? 120.5 : 10,
    unit: kind === 'material' ? 'kg' : 'pcs',
    siteId: 'SITE-A',
    kind,
    ...extra,
  },
];
const split = (lot: string, child: string, quantity: number): [string, Record<string, unknown>] => [
  `/v1/lots/${lot}/splits`,
  { childLotNumber: child, quantity },
];
const qty = (value: string, unit = '') =>
  `<Quantity><QuantityString>${value}</QuantityString>${unit ? `<UnitOfMeasure>${unit}</UnitOfMeasure>` : ''}</Quantity>`;
const materialLot = (id: string, subLots = '') =>
  `<MaterialLot><ID>${id}</ID><MaterialDefinitionID>RM-6061</MaterialDefinitionID>` +
  `<MaterialLotProperty><ID>PartRevision</ID><Value><ValueString>C</ValueString></Value></MaterialLotProperty>${subLots}${qty('120.5', 'kg')}</MaterialLot>`;
const subLot = (id: string, parent?: string) =>
  `<MaterialSubLot><ID>${id}</ID>${parent ? `<MaterialLotID>${parent}</MaterialLotID>` : ''}${qty('20')}</MaterialSubLot>`;

/** The step's data items (OpSegmentDataType) under the element name the noun uses. */
const items = (name: string) =>
  [
    ['Sequence', '10'],
    ['WorkCenter', 'WC-LATHE-2'],
    ['SOPRevision', 'SOP-12 rev D'],
    ['QuantityIn', '10'],
    ['QuantityGood', '10'],
    ['QuantityScrapped', '0'],
    ['SpindleSpeed', '1200'],
  ]
    .map(([id, value]) => `<${name}><ID>${id}</ID><Value><ValueString>${value}</ValueString></Value></${name}>`)
    .join('');
const actuals = (t: string) =>
  `<PersonnelActual><PersonID>OPR-117</PersonID></PersonnelActual><EquipmentActual><EquipmentID>LATHE-07</EquipmentID></EquipmentActual>` +
  `<MaterialActual><MaterialLotID>IN-${t}</MaterialLotID><MaterialUse>Consumed</MaterialUse>${qty('2.5', 'kg')}</MaterialActual>` +
  `<MaterialActual><MaterialDefinitionID>P-1</MaterialDefinitionID><MaterialLotID>L-${t}</MaterialLotID><MaterialUse>Produced</MaterialUse>${qty('10', 'pcs')}</MaterialActual>`;
const segment = (t: string, dataName: string) =>
  `<SegmentResponse><ID>OP10</ID><ProcessSegmentID>turning</ProcessSegmentID><ActualStartTime>${T0}</ActualStartTime>` +
  `<ActualEndTime>${T1}</ActualEndTime>${items(dataName)}${actuals(t)}</SegmentResponse>`;
const job = (t: string) =>
  `<JobResponse><ID>OP10</ID><WorkDirectiveID>turning</WorkDirectiveID><StartTime>${T0}</StartTime><EndTime>${T1}</EndTime>` +
  `${items('JobResponsetData')}${actuals(t)}</JobResponse>`;

/** A step of the produced lot L-<t> consuming 2.5 kg of IN-<t>: what every performance and job noun here reports. */
const producedStep = {
  setup: (t: string): Json => [lotJson(`IN-${t}`, 'material')],
  json: (t: string): Json => [
    lotJson(`L-${t}`, 'production', { occurredAt: T0 }),
    [`/v1/lots/L-${t}/steps`, { ...STEP_JSON, startedAt: T0, completedAt: T1, parameters: { SpindleSpeed: 1200 } }],
    [`/v1/lots/L-${t}/consumptions`, { inputLotNumber: `IN-${t}`, quantity: 2.5, unit: 'kg', stepId: 'OP10', occurredAt: T1 }],
  ],
  commands: ['RegisterLot', 'RecordProductionStep', 'ConsumeMaterial'],
  streams: (t: string) => [`lot-L-${t}`, `lot-IN-${t}`],
};

const NOUNS: Record<string, NounCase> = {
  MaterialLot: {
    xml: (t) => materialLot(`M-${t}`, subLot(`M-${t}.1`)),
    json: (t) => [lotJson(`M-${t}`, 'material'), split(`M-${t}`, `M-${t}.1`, 20)],
    commands: ['RegisterLot', 'SplitLot'],
    streams: (t) => [`lot-M-${t}`, `lot-M-${t}.1`],
  },
  MaterialSubLot: {
    setup: (t) => [lotJson(`S-${t}`, 'material')],
    xml: (t) => subLot(`S-${t}.1`, `S-${t}`),
    json: (t) => [split(`S-${t}`, `S-${t}.1`, 20)],
    commands: ['SplitLot'],
    streams: (t) => [`lot-S-${t}`, `lot-S-${t}.1`],
  },
  MaterialInformation: {
    xml: (t) =>
      `<MaterialInformation><ID>MI-${t}</ID><MaterialDefinition><ID>RM-6061</ID></MaterialDefinition>${materialLot(`I-${t}`)}${subLot(`I-${t}.1`, `I-${t}`)}</MaterialInformation>`,
    json: (t) => [lotJson(`I-${t}`, 'material'), split(`I-${t}`, `I-${t}.1`, 20)],
    commands: ['RegisterLot', 'SplitLot'],
    streams: (t) => [`lot-I-${t}`, `lot-I-${t}.1`],
  },
  MaterialDefinition: {
    xml: (t) => `<MaterialDefinition><ID>RM-${t}</ID></MaterialDefinition>`,
    json: () => [],
    commands: [],
    streams: () => [],
  },
  ProductionPerformance: {
    ...producedStep,
    xml: (t) =>
      `<ProductionPerformance><ID>PP-${t}</ID><ProductionResponse><ID>PR-${t}</ID>${segment(t, 'ProductionData')}</ProductionResponse></ProductionPerformance>`,
  },
  OperationsPerformance: {
    ...producedStep,
    xml: (t) =>
      `<OperationsPerformance><ID>OP-${t}</ID><OperationsResponse><ID>OR-${t}</ID>${segment(t, 'SegmentData')}</OperationsResponse></OperationsPerformance>`,
  },
  JobResponse: { ...producedStep, xml: job },
  WorkPerformance: { ...producedStep, xml: (t) => `<WorkPerformance><ID>WP-${t}</ID><WorkResponse><ID>WR-${t}</ID>${job(t)}</WorkResponse></WorkPerformance>` },
  TestResult: {
    setup: (t) => [lotJson(`T-${t}`, 'production')],
    xml: (t) => {
      const pm = (id: string, value: string, unit = '') =>
        `<PropertyMeasurement><ID>${id}</ID><Value><ValueString>${value}</ValueString>${unit ? `<UnitOfMeasure>${unit}</UnitOfMeasure>` : ''}</Value></PropertyMeasurement>`;
      return (
        `<TestResult><ID>TR-${t}</ID><EvaluationDate>${T1}</EvaluationDate><TestableObjectID>T-${t}</TestableObjectID>` +
        `${pm('Stage', 'IPQC')}${pm('InspectorID', 'QC-031')}${pm('GaugeID', 'G-V1')}${pm('D-OUTER', '25.01', 'mm')}${pm('D-OUTER', '24.99', 'mm')}</TestResult>`
      );
    },
    json: (t) => [
      [
        `/v1/lots/T-${t}/inspections`,
        {
          inspectionId: `TR-${t}`,
          stage: 'IPQC',
          characteristic: { id: 'D-OUTER', unit: 'mm' },
          measurements: [25.01, 24.99],
          gaugeId: 'G-V1',
          inspectorId: 'QC-031',
          inspectedAt: T1,
        },
      ],
    ],
    commands: ['RecordInspection'],
    streams: (t) => [`lot-T-${t}`],
  },
};

const SINCE_V0500 = 'OpSegmentResponseType first appears in V0500 (revision history of B2MML-V0600-OperationsPerformanceTypes.xsd)';
const SINCE_V0600 = 'WorkPerformance and JobResponse (ISA-95 Part 4) first appear in V0600 (B2MML-V0600-WorkPerformance.xsd)';
const SINCE_V0700 = 'no TestResult noun before B2MML-OperationsTest.xsd (V0700 and later); V0600 has TestResult only inside properties';

/** true: the cell is tested; a string: why the release has no such noun. */
const TABLE: Record<string, Record<Version, true | string>> = {
  MaterialLot: { V0401: true, V0500: true, V0600: true, V0700: true },
  MaterialSubLot: { V0401: true, V0500: true, V0600: true, V0700: true },
  MaterialInformation: { V0401: true, V0500: true, V0600: true, V0700: true },
  MaterialDefinition: { V0401: true, V0500: true, V0600: true, V0700: true },
  ProductionPerformance: { V0401: true, V0500: true, V0600: true, V0700: true },
  OperationsPerformance: { V0401: SINCE_V0500, V0500: true, V0600: true, V0700: true },
  JobResponse: { V0401: SINCE_V0600, V0500: SINCE_V0600, V0600: true, V0700: true },
  WorkPerformance: { V0401: SINCE_V0600, V0500: SINCE_V0600, V0600: true, V0700: true },
  TestResult: { V0401: SINCE_V0700, V0500: SINCE_V0700, V0600: SINCE_V0700, V0700: true },
};

const CELLS = Object.entries(TABLE).flatMap(([noun, row]) => VERSIONS.map((version) => ({ noun, version, cell: row[version] })));

describe('B2MML releases × nouns against the JSON intake (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let auditor: Record<string, string>;

  const call = httpCaller(() => t.baseUrl);
  const sendJson = async (requests: Json) => {
    for (const [path, body] of requests) {
      const answer = await call('POST', path, integration, JSON.stringify(body));
      expect({ path, status: answer.status, problem: answer.status === 201 ? undefined : answer.body }).toEqual({ path, status: 201, problem: undefined });
    }
  };
  const eventCount = async (): Promise<number> => Number((await t.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  const events = async (streamId: string) =>
    ((await call('GET', `/v1/audit/streams/${streamId}`, auditor)).body?.events ?? []).map((e: any) => [e.type, e.data]);

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['SITE-A'])).headers;
    auditor = (await issueTestKey(t.baseUrl, 'auditor', ['*'])).headers;
    const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
    const mapping = { siteId: 'SITE-A', defaults: { partRevision: 'C' }, productionLot: 'ProducedMaterialLot' };
    expect((await call('PUT', '/v1/integrations/b2mml/senders/MES-V', admin, JSON.stringify(mapping))).status).toBe(201);
    const gauge = { equipmentId: 'G-V1', kind: 'gauge', description: 'Micrometer', siteId: 'SITE-A', calibrationIntervalDays: 365 };
    expect((await call('POST', '/v1/equipment', integration, JSON.stringify(gauge))).status).toBe(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has a cell, tested or with the reason it is absent, for every release the intake reads and every noun', () => {
    expect([...new Set(Object.values(B2MML_NAMESPACES))].sort()).toEqual([...VERSIONS].sort());
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(NOUNS).sort());
    for (const { noun, version, cell } of CELLS) expect({ noun, version, defined: cell === true || cell.length > 0 }).toEqual({ noun, version, defined: true });
  });

  for (const { noun, version, cell } of CELLS) {
    if (cell !== true) {
      it.skip(`${version} ${noun}: not in this release (${cell})`, () => undefined);
      continue;
    }
    it(`${version} ${noun}: the events equal the JSON intake's for the same facts`, async () => {
      const spec = NOUNS[noun];
      const [x, j] = [`${version}${noun}X`, `${version}${noun}J`];
      await sendJson([...(spec.setup?.(x) ?? []), ...(spec.setup?.(j) ?? [])]);
      const before = await eventCount();
      const xml =
        `<?xml version="1.0" encoding="UTF-8"?>\n<Sync${noun} xmlns="${NAMESPACE[version]}" releaseID="1">` +
        `<ApplicationArea><Sender><LogicalID>MES-V</LogicalID></Sender><BODID>bod-${x}</BODID></ApplicationArea>` +
        `<DataArea><Sync/>${spec.xml(x, version)}</DataArea></Sync${noun}>`;
      const answer = await call('POST', '/v1/integrations/b2mml', { ...integration, accept: 'application/json' }, xml, 'application/xml');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ version, noun });
      expect(answer.body.nouns.map((n: any) => [n.noun, n.status, n.problem, n.commands.map((c: any) => [c.type, c.status, c.problem])])).toEqual([
        [noun, 201, undefined, spec.commands.map((type) => [type, 201, undefined])],
      ]);
      const byXml = (await eventCount()) - before;
      await sendJson(spec.json(j));
      expect((await eventCount()) - before - byXml).toBe(byXml);
      for (const [fromXml, fromJson] of spec.streams(x).map((stream, i) => [stream, spec.streams(j)[i]])) {
        const xmlEvents = JSON.parse(JSON.stringify(await events(fromXml)).replaceAll(x, j));
        expect(xmlEvents.length).toBeGreaterThan(0);
        expect({ stream: fromXml, events: xmlEvents }).toEqual({ stream: fromXml, events: await events(fromJson) });
      }
    });
  }
});
