import { parseXml, isXmlRefusal, XmlElement } from '../xml/secure-xml';
import { isBodProblem, readBod, Bod } from './bod';
import { mapBod, SenderMapping } from './b2mml-mapping';

// Test BODs written from MESAInternational/B2MML-BatchML:
// - SyncOperationsPerformance, OperationsPerformance/OperationsResponse (ID, SegmentResponse):
//   Schema/B2MML-V0600-OperationsPerformance.xsd.
// - SegmentResponse (ID, ProcessSegmentID, ActualStartTime, ActualEndTime, SegmentData, PersonnelActual/PersonID,
//   EquipmentActual/EquipmentID, MaterialActual: MaterialLotID, MaterialUse, Quantity): OpSegmentResponseType and
//   OpMaterialActualType in Schema/V0600/B2MML-V0600-OperationsPerformanceTypes.xsd.

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
