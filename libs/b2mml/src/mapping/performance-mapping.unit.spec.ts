import { parseXml, isXmlRefusal, XmlElement } from '../xml/secure-xml';
import { isBodProblem, readBod, Bod } from './bod';
import { mapBod, SenderMapping } from './b2mml-mapping';

// Test BODs written from MESAInternational/B2MML-BatchML:
// - SyncOperationsPerformance, OperationsPerformance/OperationsResponse (ID, SegmentResponse):
//   Schema/B2MML-V0600-OperationsPerformance.xsd.
// - SegmentResponse (ID, ProcessSegmentID, ActualStartTime, ActualEndTime, SegmentData, PersonnelActual/PersonID,
//   EquipmentActual/EquipmentID, MaterialActual: MaterialLotID, MaterialUse, Quantity): OpSegmentResponseType and
//   OpMaterialActualType in Schema/V0600/B2MML-V0600-OperationsPerformanceTypes.xsd.
// - A Produced MaterialActual's MaterialDefinitionID, MaterialLotID, MaterialUse, Quantity and
//   MaterialActualProperty (ID, Value/ValueString): OpMaterialActualType and OpMaterialActualPropertyType there.

const SENDER: SenderMapping = { siteId: 'SITE-A', defaults: { unit: 'kg' }, productionLot: 'ProductionResponse/ID' };
const BY_RESPONSE: SenderMapping = { ...SENDER, productionLot: 'ProductionResponse/ID' };

const data = (id: string, value: string): string => `<SegmentData><ID>${id}</ID><Value><ValueString>${value}</ValueString></Value></SegmentData>`;

const SEGMENT = (start = '2026-11-25T08:30:00Z', extra = ''): string => `<SegmentResponse>
  <ID>OP10</ID>
  <ProcessSegmentID>turning</ProcessSegmentID>
  <ActualStartTime>${start}</ActualStartTime>
  <ActualEndTime>2026-11-25T09:10:00+01:00</ActualEndTime>
  ${data('Sequence', '10')}${data('WorkCenter', 'WC-LATHE-2')}${data('SOPRevision', 'SOP-12 rev D')}
  ${data('QuantityIn', '500')}${data('QuantityGood', '497')}${data('QuantityScrapped', '3')}${data('SpindleSpeed', '1200')}
  <PersonnelActual><PersonID>OPR-117</PersonID></PersonnelActual>
  <EquipmentActual><EquipmentID>LATHE-07</EquipmentID></EquipmentActual>
  <MaterialActual><MaterialLotID>M-2026-0042</MaterialLotID><MaterialUse>Consumed</MaterialUse><Quantity><QuantityString>12.5</QuantityString></Quantity></MaterialActual>
  <MaterialActual><MaterialLotID>L-2026-0001</MaterialLotID><MaterialUse>Produced</MaterialUse></MaterialActual>
  ${extra}
</SegmentResponse>`;

const bodXml = (namespace: string, noun: string, response: string, segment: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<Sync${noun} xmlns="${namespace}" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-1</LogicalID></Sender><BODID>bod-perf-1</BODID></ApplicationArea>
  <DataArea><Sync/><${noun}><ID>PERF-1</ID><${response}><ID>L-2026-0001</ID>${segment}</${response}></${noun}></DataArea>
</Sync${noun}>`;

function bodOf(xml: string): Bod {
  const root = parseXml(xml);
  if (isXmlRefusal(root)) throw new Error(root.detail);
  const bod = readBod(root as XmlElement);
  if (isBodProblem(bod)) throw new Error(bod.detail);
  return bod;
}

const STEP = {
  type: 'RecordProductionStep',
  payload: {
    lotNumber: 'L-2026-0001',
    stepId: 'OP10',
    operation: 'turning',
    sequence: 10,
    workCenter: 'WC-LATHE-2',
    equipmentIds: ['LATHE-07'],
    operatorId: 'OPR-117',
    sopRevision: 'SOP-12 rev D',
    startedAt: '2026-11-25T08:30:00Z',
    completedAt: '2026-11-25T09:10:00+01:00',
    quantityIn: 500,
    quantityGood: 497,
    quantityScrapped: 3,
    parameters: { SpindleSpeed: 1200 },
  },
};
const CONSUME = {
  type: 'ConsumeMaterial',
  payload: { lotNumber: 'L-2026-0001', inputLotNumber: 'M-2026-0042', quantity: 12.5, unit: 'kg', stepId: 'OP10', occurredAt: '2026-11-25T09:10:00+01:00' },
};

describe('B2MML performance mapping', () => {
  it.each([
    ['V0401', 'http://www.wbf.org/xml/B2MML-V0401', 'ProductionPerformance', 'ProductionResponse'],
    ['V0500', 'http://www.wbf.org/xml/B2MML-V0500', 'ProductionPerformance', 'ProductionResponse'],
    ['V0600', 'http://www.mesa.org/xml/B2MML-V0600', 'OperationsPerformance', 'OperationsResponse'],
    ['V0700', 'http://www.mesa.org/xml/B2MML', 'OperationsPerformance', 'OperationsResponse'],
  ])('maps a %s %s SegmentResponse to RecordProductionStep and its consumed MaterialActual to ConsumeMaterial', (_v, namespace, noun, response) => {
    const mapped = mapBod(bodOf(bodXml(namespace, noun, response, SEGMENT())), BY_RESPONSE);
    expect(mapped).toEqual([
      {
        position: 0,
        noun,
        id: 'PERF-1',
        commands: [
          { ...STEP, paths: expect.any(Object) },
          { ...CONSUME, paths: expect.any(Object) },
        ],
      },
    ]);
  });

  it('takes the produced lot from the Produced MaterialActual when the sender says ProducedMaterialLot', () => {
    const xml = bodXml('http://www.mesa.org/xml/B2MML-V0600', 'OperationsPerformance', 'OperationsResponse', SEGMENT()).replace(
      '<ID>L-2026-0001</ID><Segment',
      '<ID>RESP-9</ID><Segment',
    );
    const [noun] = mapBod(bodOf(xml), { ...SENDER, productionLot: 'ProducedMaterialLot' });
    expect(noun.commands.map((c) => c.payload.lotNumber)).toEqual(['L-2026-0001', 'L-2026-0001']);
  });

  const produced = (
    lot: string,
    quantity: string,
    revision = '<MaterialActualProperty><ID>PartRevision</ID><Value><ValueString>D</ValueString></Value></MaterialActualProperty>',
  ) =>
    `<MaterialActual><MaterialDefinitionID>PN-4711</MaterialDefinitionID><MaterialLotID>${lot}</MaterialLotID><MaterialUse>Produced</MaterialUse>` +
    `<Quantity><QuantityString>${quantity}</QuantityString><UnitOfMeasure>pcs</UnitOfMeasure></Quantity>${revision}</MaterialActual>`;
  const V0600 = (segment: string) =>
    bodXml('http://www.mesa.org/xml/B2MML-V0600', 'OperationsPerformance', 'OperationsResponse', segment).replace(
      '<ID>L-2026-0001</ID><Segment',
      '<ID>RESP-9</ID><Segment',
    );
  const PRODUCER: SenderMapping = { ...SENDER, productionLot: 'ProducedMaterialLot' };

  it('registers the lot of a Produced MaterialActual that gives its facts, before the step of it, as a production lot', () => {
    const segment = SEGMENT().replace(/<MaterialActual><MaterialLotID>L-2026-0001<\/MaterialLotID>.*?<\/MaterialActual>/, produced('L-2026-0001', '497'));
    const [noun] = mapBod(bodOf(V0600(segment)), PRODUCER);
    expect(noun.problem).toBeUndefined();
    const at = 'OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]';
    expect(noun.commands.map((c) => c.type)).toEqual(['RegisterLot', 'RecordProductionStep', 'ConsumeMaterial']);
    expect(noun.commands[0]).toEqual({
      type: 'RegisterLot',
      payload: {
        lotNumber: 'L-2026-0001',
        partNumber: 'PN-4711',
        partRevision: 'D',
        quantity: 497,
        unit: 'pcs',
        siteId: 'SITE-A',
        kind: 'production',
        occurredAt: '2026-11-25T08:30:00Z',
      },
      paths: {
        lotNumber: `${at}/MaterialActual[2]/MaterialLotID`,
        partNumber: `${at}/MaterialActual[2]/MaterialDefinitionID`,
        partRevision: `${at}/MaterialActual[2]/MaterialActualProperty[ID=PartRevision]/Value/ValueString`,
        quantity: `${at}/MaterialActual[2]/Quantity/QuantityString`,
        unit: `${at}/MaterialActual[2]/Quantity/UnitOfMeasure`,
        siteId: 'ApplicationArea/Sender/LogicalID',
        kind: `${at}/MaterialActual[2]/MaterialUse`,
        occurredAt: `${at}/ActualStartTime`,
      },
      acceptRegistered: true,
    });
    expect(noun.commands[1].payload.lotNumber).toBe('L-2026-0001');
  });

  it('names what a Produced MaterialActual with a Quantity lacks, and registers nothing for one that names only its lot', () => {
    const bare = `<MaterialActual><MaterialLotID>L-7</MaterialLotID><MaterialUse>Produced</MaterialUse><Quantity><QuantityString>ten</QuantityString></Quantity></MaterialActual>`;
    const [refused] = mapBod(bodOf(V0600(SEGMENT('2026-11-25T08:30:00Z', bare))), { ...PRODUCER, defaults: {} });
    const at = 'OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/MaterialActual[3]';
    expect(refused.problem?.errors.map((e) => e.field)).toEqual([
      'OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/MaterialActual[1]/Quantity/UnitOfMeasure',
      `${at}/MaterialDefinitionID`,
      `${at}/Quantity/QuantityString`,
      `${at}/Quantity/UnitOfMeasure`,
      `${at}/MaterialActualProperty[ID=PartRevision]/Value/ValueString`,
    ]);
    const [reference] = mapBod(bodOf(V0600(SEGMENT())), PRODUCER);
    expect(reference.commands.map((c) => c.type)).toEqual(['RecordProductionStep', 'ConsumeMaterial']);
  });

  it('registers a lot produced in two steps of one noun once, and refuses the noun when the two give other facts', () => {
    const twoSteps = (second: string) =>
      SEGMENT(
        '2026-11-25T08:30:00Z',
        produced('L-5', '10') + SEGMENT('2026-11-25T09:30:00Z', produced('L-5', second)).replace('<ID>OP10</ID>', '<ID>OP20</ID>'),
      );
    const [noun] = mapBod(bodOf(V0600(twoSteps('10'))), SENDER);
    expect(noun.commands.map((c) => [c.type, c.payload.lotNumber, c.payload.stepId ?? c.payload.occurredAt])).toEqual([
      ['RegisterLot', 'L-5', '2026-11-25T08:30:00Z'],
      ['RecordProductionStep', 'RESP-9', 'OP10'],
      ['ConsumeMaterial', 'RESP-9', 'OP10'],
      ['RecordProductionStep', 'RESP-9', 'OP20'],
      ['ConsumeMaterial', 'RESP-9', 'OP20'],
    ]);
    const [refused] = mapBod(bodOf(V0600(twoSteps('9'))), SENDER);
    expect(refused.problem?.errors).toEqual([
      {
        field: 'OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/SegmentResponse[1]/MaterialActual[3]/MaterialLotID',
        message:
          'OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/SegmentResponse[1]/MaterialActual[3]/MaterialLotID is also produced at ' +
          'OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/MaterialActual[3]/MaterialLotID with other facts',
      },
    ]);
  });

  it('refuses a time without an offset with its element path, and maps nothing of the noun', () => {
    const [noun] = mapBod(
      bodOf(bodXml('http://www.mesa.org/xml/B2MML-V0600', 'OperationsPerformance', 'OperationsResponse', SEGMENT('2026-11-25T08:30:00'))),
      BY_RESPONSE,
    );
    expect(noun.commands).toEqual([]);
    expect(noun.problem).toMatchObject({ status: 422, problemType: 'incomplete-b2mml-noun' });
    expect(noun.problem?.errors.map((e) => e.field)).toEqual(['OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/ActualStartTime']);
  });

  it('names every missing required element of a SegmentResponse by its path', () => {
    const bare = '<SegmentResponse><ID>OP10</ID></SegmentResponse>';
    const [noun] = mapBod(bodOf(bodXml('http://www.wbf.org/xml/B2MML-V0500', 'ProductionPerformance', 'ProductionResponse', bare)), BY_RESPONSE);
    const at = 'ProductionPerformance/ProductionResponse[1]/SegmentResponse[1]';
    expect(noun.problem?.errors.map((e) => e.field)).toEqual([
      `${at}/ProcessSegmentID`,
      `${at}/ActualStartTime`,
      `${at}/ActualEndTime`,
      `${at}/EquipmentActual/EquipmentID`,
      `${at}/PersonnelActual/PersonID`,
      `${at}/SegmentData[ID=Sequence]/Value/ValueString`,
      `${at}/SegmentData[ID=WorkCenter]/Value/ValueString`,
      `${at}/SegmentData[ID=SOPRevision]/Value/ValueString`,
      `${at}/SegmentData[ID=QuantityIn]/Value/ValueString`,
      `${at}/SegmentData[ID=QuantityGood]/Value/ValueString`,
      `${at}/SegmentData[ID=QuantityScrapped]/Value/ValueString`,
    ]);
  });

  it('refuses a performance without any response', () => {
    const xml = `<SyncOperationsPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="1"><ApplicationArea><BODID>b</BODID></ApplicationArea><DataArea><Sync/><OperationsPerformance><ID>P</ID></OperationsPerformance></DataArea></SyncOperationsPerformance>`;
    const [noun] = mapBod(bodOf(xml), BY_RESPONSE);
    expect(noun.problem?.errors).toEqual([
      { field: 'OperationsPerformance/OperationsResponse', message: 'OperationsPerformance/OperationsResponse is required' },
    ]);
  });
});
