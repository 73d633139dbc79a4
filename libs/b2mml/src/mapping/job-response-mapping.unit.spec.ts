import { parseXml, isXmlRefusal, XmlElement } from '../xml/secure-xml';
import { isBodProblem, readBod, Bod } from './bod';
import { mapBod, SenderMapping } from './b2mml-mapping';

// Test BODs written from MESAInternational/B2MML-BatchML Schema/B2MML-V0600-WorkPerformance.xsd (V0600):
// SyncJobResponseType / SyncWorkPerformanceType; WorkPerformanceType (ID, WorkResponse), WorkResponseType
// (ID, JobResponse), JobResponseType (ID, WorkDirectiveID, StartTime, EndTime, JobResponsetData,
// PersonnelActual, EquipmentActual, MaterialActual, JobResponse); the actuals: OpPersonnelActualType,
// OpEquipmentActualType, OpMaterialActualType in Schema/V0600/B2MML-V0600-OperationsPerformanceTypes.xsd.

const BY_JOB: SenderMapping = { siteId: 'SITE-A', defaults: { unit: 'kg' }, productionLot: 'JobResponse/ID' };
const NS = 'http://www.mesa.org/xml/B2MML-V0600';

const data = (id: string, value: string): string => `<JobResponsetData><ID>${id}</ID><Value><ValueString>${value}</ValueString></Value></JobResponsetData>`;
const STEP = (id: string, sequence: string, extra = ''): string => `<JobResponse><ID>${id}</ID><WorkDirectiveID>turning</WorkDirectiveID>
  <StartTime>2026-11-25T08:30:00Z</StartTime><EndTime>2026-11-25T09:10:00Z</EndTime>
  ${data('Sequence', sequence)}${data('WorkCenter', 'WC-LATHE-2')}${data('SOPRevision', 'SOP-12 rev D')}
  ${data('QuantityIn', '10')}${data('QuantityGood', '10')}${data('QuantityScrapped', '0')}
  <PersonnelActual><PersonID>OPR-117</PersonID></PersonnelActual><EquipmentActual><EquipmentID>LATHE-07</EquipmentID></EquipmentActual>
  ${extra}</JobResponse>`;

const bodXml = (noun: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<Sync${noun} xmlns="${NS}" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-1</LogicalID></Sender><BODID>bod-job-1</BODID></ApplicationArea>
  <DataArea><Sync/>${body}</DataArea>
</Sync${noun}>`;

function bodOf(xml: string): Bod {
  const root = parseXml(xml);
  if (isXmlRefusal(root)) throw new Error(root.detail);
  const bod = readBod(root as XmlElement);
  if (isBodProblem(bod)) throw new Error(bod.detail);
  return bod;
}

describe('B2MML JobResponse mapping', () => {
  it('maps the nested JobResponses of a job to steps of the lot named by the top JobResponse/ID', () => {
    const consumed = `<MaterialActual><MaterialLotID>M-1</MaterialLotID><MaterialUse>Consumed</MaterialUse><Quantity><QuantityString>2.5</QuantityString></Quantity></MaterialActual>`;
    const xml = bodXml('JobResponse', `<JobResponse><ID>L-2026-0001</ID>${STEP('OP10', '10', consumed)}${STEP('OP20', '20')}</JobResponse>`);
    const [mapped] = mapBod(bodOf(xml), BY_JOB);
    expect(mapped.problem).toBeUndefined();
    expect(mapped.commands.map((c) => [c.type, c.payload.lotNumber, c.payload.stepId])).toEqual([
      ['RecordProductionStep', 'L-2026-0001', 'OP10'],
      ['ConsumeMaterial', 'L-2026-0001', 'OP10'],
      ['RecordProductionStep', 'L-2026-0001', 'OP20'],
    ]);
    expect(mapped.commands[0].payload).toEqual({
      lotNumber: 'L-2026-0001',
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
    });
    expect(mapped.commands[1].payload).toEqual({
      lotNumber: 'L-2026-0001',
      inputLotNumber: 'M-1',
      quantity: 2.5,
      unit: 'kg',
      stepId: 'OP10',
      occurredAt: '2026-11-25T09:10:00Z',
    });
  });

  it('maps WorkPerformance/WorkResponse/JobResponse, and names the missing paths of an incomplete job', () => {
    const xml = bodXml(
      'WorkPerformance',
      `<WorkPerformance><ID>WP-1</ID><WorkResponse><ID>WR-1</ID><JobResponse><ID>L-1</ID>${STEP('OP10', '10')}${STEP('OP20', 'x').replace(
        '<WorkDirectiveID>turning</WorkDirectiveID>',
        '',
      )}</JobResponse></WorkResponse></WorkPerformance>`,
    );
    const [mapped] = mapBod(bodOf(xml), BY_JOB);
    expect(mapped.commands).toEqual([]);
    expect(mapped.problem?.errors.map((e) => e.field)).toEqual([
      'WorkPerformance/WorkResponse[1]/JobResponse[1]/JobResponse[2]/WorkDirectiveID',
      'WorkPerformance/WorkResponse[1]/JobResponse[1]/JobResponse[2]/JobResponsetData[ID=Sequence]/Value/ValueString',
    ]);
  });

  it('takes the lot from the Produced MaterialActual for a ProducedMaterialLot sender, and refuses a ProductionResponse/ID sender', () => {
    const produced = `<MaterialActual><MaterialLotID>L-9</MaterialLotID><MaterialUse>Produced</MaterialUse></MaterialActual>`;
    const xml = bodXml('JobResponse', STEP('J-1', '10', produced));
    expect(mapBod(bodOf(xml), { ...BY_JOB, productionLot: 'ProducedMaterialLot' })[0].commands.map((c) => c.payload.lotNumber)).toEqual(['L-9']);
    expect(mapBod(bodOf(xml), { ...BY_JOB, productionLot: 'ProductionResponse/ID' })[0].problem?.errors.map((e) => e.field)).toEqual(['JobResponse/ID']);
  });

  it('registers the lot a step reports Produced with its facts, first, and takes the steps of it', () => {
    const produced =
      `<MaterialActual><MaterialDefinitionID>PN-4711</MaterialDefinitionID><MaterialLotID>L-9</MaterialLotID><MaterialUse>Produced</MaterialUse>` +
      `<Quantity><QuantityString>10</QuantityString><UnitOfMeasure>pcs</UnitOfMeasure></Quantity></MaterialActual>`;
    const xml = bodXml('JobResponse', STEP('J-1', '10', produced));
    const [mapped] = mapBod(bodOf(xml), { ...BY_JOB, defaults: { partRevision: 'C' }, productionLot: 'ProducedMaterialLot' });
    expect(mapped.commands.map((c) => [c.type, c.payload.lotNumber])).toEqual([
      ['RegisterLot', 'L-9'],
      ['RecordProductionStep', 'L-9'],
    ]);
    // The sender's default revision, the JobResponse's StartTime (the full payload: performance-mapping.unit.spec.ts).
    expect([mapped.commands[0].payload.partRevision, mapped.commands[0].payload.kind, mapped.commands[0].payload.occurredAt]).toEqual([
      'C',
      'production',
      '2026-11-25T08:30:00Z',
    ]);
    expect(mapped.commands[0].paths.partRevision).toBe('ApplicationArea/Sender/LogicalID');
    expect(mapped.commands[0].paths.occurredAt).toBe('JobResponse/StartTime');
  });
});
