import { parseXml, isXmlRefusal, XmlElement } from '../xml/secure-xml';
import { isBodProblem, readBod, Bod } from './bod';
import { mapBod, SenderMapping } from './b2mml-mapping';
import { elementPathOf, refusalWithElementPaths } from './element-paths';

// Test BODs written from MESAInternational/B2MML-BatchML: SyncOperationsPerformance and
// OperationsResponse in Schema/B2MML-V0600-OperationsPerformance.xsd; SegmentResponse, MaterialActual
// (MaterialLotID, MaterialUse, Quantity) and EquipmentActual in Schema/V0600/B2MML-V0600-OperationsPerformanceTypes.xsd;
// TestResult and PropertyMeasurement in Schema/B2MML-OperationsTest.xsd (V0701).

const SENDER: SenderMapping = { siteId: 'SITE-A', defaults: { unit: 'kg' }, productionLot: 'ProductionResponse/ID' };

function bodOf(xml: string): Bod {
  const root = parseXml(xml);
  if (isXmlRefusal(root)) throw new Error(root.detail);
  const bod = readBod(root as XmlElement);
  if (isBodProblem(bod)) throw new Error(bod.detail);
  return bod;
}

const data = (id: string, value: string): string => `<SegmentData><ID>${id}</ID><Value><ValueString>${value}</ValueString></Value></SegmentData>`;
const consumed = (lot: string, quantity: string, unit = '') =>
  `<MaterialActual><MaterialLotID>${lot}</MaterialLotID><MaterialUse>Consumed</MaterialUse><Quantity><QuantityString>${quantity}</QuantityString>${unit}</Quantity></MaterialActual>`;
const PERFORMANCE = `<SyncOperationsPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-1</LogicalID></Sender><BODID>bod-paths-1</BODID></ApplicationArea>
  <DataArea><Sync/><OperationsPerformance><ID>PERF-1</ID><OperationsResponse><ID>L-1</ID>
    <SegmentResponse><ID>OP10</ID><ProcessSegmentID>turning</ProcessSegmentID>
      <ActualStartTime>2026-11-25T08:30:00Z</ActualStartTime><ActualEndTime>2026-11-25T09:10:00Z</ActualEndTime>
      ${data('Sequence', '10')}${data('WorkCenter', 'WC-1')}${data('SOPRevision', 'SOP-1 rev A')}
      ${data('QuantityIn', '10')}${data('QuantityGood', '10')}${data('QuantityScrapped', '0')}${data('Feed', '0.2')}
      <PersonnelActual><PersonID>OPR-1</PersonID></PersonnelActual>
      <EquipmentActual><EquipmentID>LATHE-1</EquipmentID></EquipmentActual><EquipmentActual><EquipmentID>GAUGE-1</EquipmentID></EquipmentActual>
      ${consumed('M-1', '1.5', '<UnitOfMeasure>kg</UnitOfMeasure>')}${consumed('M-2', '2')}
    </SegmentResponse></OperationsResponse></OperationsPerformance></DataArea>
</SyncOperationsPerformance>`;

describe('B2MML element paths of built commands', () => {
  const [noun] = mapBod(bodOf(PERFORMANCE), SENDER);
  const [step, first, second] = noun.commands;
  const at = 'OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]';

  it('names the MaterialActual a consumption was read from, and the sender for a default unit', () => {
    expect(second.type).toBe('ConsumeMaterial');
    expect(second.paths).toEqual({
      lotNumber: 'OperationsPerformance/OperationsResponse[1]/ID',
      inputLotNumber: `${at}/MaterialActual[2]/MaterialLotID`,
      quantity: `${at}/MaterialActual[2]/Quantity/QuantityString`,
      unit: 'ApplicationArea/Sender/LogicalID',
      stepId: `${at}/ID`,
      occurredAt: `${at}/ActualEndTime`,
    });
    expect(first.paths.unit).toBe(`${at}/MaterialActual[1]/Quantity/UnitOfMeasure`);
  });

  it('names the element of every field of the step, nested ones included', () => {
    expect(Object.keys(step.paths).filter((field) => !field.includes('[') && !field.includes('.'))).toEqual(expect.arrayContaining(Object.keys(step.payload)));
    expect(elementPathOf(step.paths, 'equipmentIds[1]', 'OperationsPerformance')).toBe(`${at}/EquipmentActual[2]/EquipmentID[1]`);
    expect(elementPathOf(step.paths, 'parameters.Feed', 'OperationsPerformance')).toBe(`${at}/SegmentData[ID=Feed]/Value/ValueString`);
    expect(elementPathOf(step.paths, 'sequence', 'OperationsPerformance')).toBe(`${at}/SegmentData[ID=Sequence]/Value/ValueString`);
  });

  it('falls back to the nearest mapped parent, then to the noun', () => {
    expect(elementPathOf({ measurements: 'TestResult/PropertyMeasurement[2]' }, 'measurements[7]', 'TestResult')).toBe('TestResult/PropertyMeasurement[2]');
    expect(elementPathOf({ lotNumber: 'X/ID' }, 'somethingElse.deep', 'TestResult')).toBe('TestResult');
    expect(elementPathOf({}, 'toString', 'TestResult')).toBe('TestResult');
  });

  it('translates a command-side refusal field (input-lot-unknown on inputLotNumber) to the element path', () => {
    const refusal = {
      type: 'https://lotstream.dev/problems/input-lot-unknown',
      status: 422,
      detail: 'Input lot M-2 is not registered.',
      errors: [{ field: 'inputLotNumber', message: 'Input lot M-2 is not registered.' }],
    };
    expect(refusalWithElementPaths(refusal, second.paths, noun.noun)).toEqual({
      ...refusal,
      errors: [{ field: `${at}/MaterialActual[2]/MaterialLotID`, message: 'Input lot M-2 is not registered.', lotstreamField: 'inputLotNumber' }],
    });
  });

  it('names the lot element for a refusal that names no field (lot-not-found)', () => {
    const refusal = { type: 'https://lotstream.dev/problems/lot-not-found', status: 404, detail: 'Lot L-1 was not found.' };
    expect(refusalWithElementPaths(refusal, step.paths, noun.noun).errors).toEqual([
      { field: 'OperationsPerformance/OperationsResponse[1]/ID', message: 'Lot L-1 was not found.', lotstreamField: 'lotNumber' },
    ]);
  });

  it('names each measurement and limit of an inspection by its element', () => {
    const pm = (id: string, value: string, unit = '') =>
      `<PropertyMeasurement><ID>${id}</ID><Value><ValueString>${value}</ValueString>${unit}</Value></PropertyMeasurement>`;
    const xml = `<SyncTestResult xmlns="http://www.mesa.org/xml/B2MML" releaseID="1"><ApplicationArea><BODID>b</BODID></ApplicationArea><DataArea><Sync/>
      <TestResult><ID>TR-1</ID><EvaluationDate>2026-11-25T09:30:00Z</EvaluationDate><TestableObjectID>L-1</TestableObjectID>
      ${pm('Stage', 'IPQC')}${pm('InspectorID', 'QC-1')}${pm('GaugeID', 'G-1')}${pm('D', '25.01', '<UnitOfMeasure>mm</UnitOfMeasure>')}${pm('D', '24.99', '<UnitOfMeasure>mm</UnitOfMeasure>')}
      </TestResult></DataArea></SyncTestResult>`;
    const [inspection] = mapBod(bodOf(xml), SENDER)[0].commands;
    expect(elementPathOf(inspection.paths, 'measurements[1]', 'TestResult')).toBe('TestResult/PropertyMeasurement[5]/Value/ValueString');
    expect(elementPathOf(inspection.paths, 'characteristic.unit', 'TestResult')).toBe('TestResult/PropertyMeasurement[4]/Value/UnitOfMeasure');
    expect(elementPathOf(inspection.paths, 'gaugeId', 'TestResult')).toBe('TestResult/PropertyMeasurement[ID=GaugeID]/Value/ValueString');
    expect(elementPathOf(inspection.paths, 'lotNumber', 'TestResult')).toBe('TestResult/TestableObjectID');
  });
});
