import { parseXml, isXmlRefusal, XmlElement } from '../xml/secure-xml';
import { isBodProblem, readBod, Bod } from './bod';
import { mapBod, SenderMapping } from './b2mml-mapping';

// Test BODs written from MESAInternational/B2MML-BatchML Schema/B2MML-OperationsTest.xsd (V0701,
// http://www.mesa.org/xml/B2MML): SyncTestResultType / SyncOperationsTestInformationType (DataArea with
// Sync and the nouns); TestResultType (ID, EvaluationDate, HierarchyScope, TestableObjectID,
// PropertyMeasurement); PropertyMeasurementType (ID, MeasurementDate, Value); TestSpecificationType
// (ID, TestSpecificationProperty, EvaluatedProperty); TestSpecificationPropertyType (ID, Value,
// TestSpecificationPropertyChild); ValueType (ValueString, UnitOfMeasure) in Schema/B2MML-Common.xsd.

const SENDER: SenderMapping = { siteId: 'SITE-A', defaults: {}, productionLot: 'ProductionResponse/ID' };
const NS = 'http://www.mesa.org/xml/B2MML';

const pm = (id: string, value: string, unit?: string, date?: string): string =>
  `<PropertyMeasurement><ID>${id}</ID>${date ? `<MeasurementDate>${date}</MeasurementDate>` : ''}<Value><ValueString>${value}</ValueString>${
    unit ? `<UnitOfMeasure>${unit}</UnitOfMeasure>` : ''
  }</Value></PropertyMeasurement>`;

const RESULT = (body: string, id = 'TR-1'): string =>
  `<TestResult><ID>${id}</ID><EvaluationDate>2026-11-25T09:30:00Z</EvaluationDate><TestableObjectID>L-2026-0001</TestableObjectID>${body}</TestResult>`;

const CONTEXT = pm('Stage', 'IPQC') + pm('InspectorID', 'QC-031') + pm('GaugeID', 'GAUGE-MIC-0042');

const bodXml = (noun: string, nouns: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<Sync${noun} xmlns="${NS}" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-1</LogicalID></Sender><BODID>bod-test-1</BODID></ApplicationArea>
  <DataArea><Sync/>${nouns}</DataArea>
</Sync${noun}>`;

function bodOf(xml: string): Bod {
  const root = parseXml(xml);
  if (isXmlRefusal(root)) throw new Error(root.detail);
  const bod = readBod(root as XmlElement);
  if (isBodProblem(bod)) throw new Error(bod.detail);
  return bod;
}

describe('B2MML TestResult mapping', () => {
  it('maps a TestResult with one measured characteristic to the RecordInspection the JSON intake takes', () => {
    const xml = bodXml('TestResult', RESULT(CONTEXT + pm('D-OUTER', '25.01', 'mm') + pm('D-OUTER', '24.99', 'mm')));
    expect(mapBod(bodOf(xml), SENDER)).toEqual([
      {
        position: 0,
        noun: 'TestResult',
        id: 'TR-1',
        commands: [
          {
            type: 'RecordInspection',
            payload: {
              lotNumber: 'L-2026-0001',
              inspectionId: 'TR-1',
              stage: 'IPQC',
              characteristic: { id: 'D-OUTER', unit: 'mm' },
              measurements: [25.01, 24.99],
              gaugeId: 'GAUGE-MIC-0042',
              inspectorId: 'QC-031',
              inspectedAt: '2026-11-25T09:30:00Z',
            },
            paths: expect.any(Object),
          },
        ],
      },
    ]);
  });

  it('takes limits from a TestSpecification of the same OperationsTestInformation, and one inspection per characteristic', () => {
    const limit = (id: string, value: string) =>
      `<TestSpecificationPropertyChild><ID>${id}</ID><Value><ValueString>${value}</ValueString></Value></TestSpecificationPropertyChild>`;
    const spec = `<TestSpecification><ID>TS-1</ID><TestSpecificationProperty><ID>D-OUTER</ID>${limit('LSL', '24.95')}${limit('USL', '25.05')}${limit(
      'Nominal',
      '25',
    )}</TestSpecificationProperty><EvaluatedProperty><ID>D-OUTER</ID></EvaluatedProperty></TestSpecification>`;
    const info = `<OperationsTestInformation><ID>OTI-1</ID>${spec}${RESULT(CONTEXT + pm('D-OUTER', '25.01', 'mm') + pm('LENGTH', '80.2', 'mm', '2026-11-25T09:31:00+01:00'))}</OperationsTestInformation>`;
    const [mapped] = mapBod(bodOf(bodXml('OperationsTestInformation', info)), SENDER);
    expect(mapped.problem).toBeUndefined();
    expect(mapped.commands.map((c) => [c.payload.inspectionId, c.payload.characteristic, c.payload.inspectedAt])).toEqual([
      ['TR-1-D-OUTER', { id: 'D-OUTER', lsl: 24.95, usl: 25.05, nominal: 25, unit: 'mm' }, '2026-11-25T09:30:00Z'],
      ['TR-1-LENGTH', { id: 'LENGTH', unit: 'mm' }, '2026-11-25T09:31:00+01:00'],
    ]);
  });

  it('refuses a TestResult lacking what an inspection requires, naming each B2MML element path', () => {
    const xml = bodXml(
      'TestResult',
      `<TestResult><ID>TR-2</ID>${pm('Stage', 'FINAL')}${pm('D-OUTER', '25.01')}</TestResult>` + RESULT(CONTEXT + pm('D-OUTER', 'abc', 'mm'), 'TR-3'),
    );
    const [first, second] = mapBod(bodOf(xml), SENDER);
    expect(first.problem?.errors.map((e) => e.field)).toEqual([
      'TestResult/TestableObjectID',
      'TestResult/PropertyMeasurement[ID=Stage]/Value/ValueString',
      'TestResult/PropertyMeasurement[ID=InspectorID]/Value/ValueString',
      'TestResult/PropertyMeasurement[ID=GaugeID]/Value/ValueString',
      'TestResult/PropertyMeasurement[2]/Value/UnitOfMeasure',
      'TestResult/EvaluationDate',
    ]);
    expect(first.problem?.errors[1].message).toContain('must be one of IQC, IPQC, OQC, FAI');
    expect(second.problem?.errors).toEqual([
      { field: 'TestResult/PropertyMeasurement[4]/Value/ValueString', message: 'TestResult/PropertyMeasurement[4]/Value/ValueString must be a decimal number' },
    ]);
  });

  it('refuses an EvaluationDate without an offset rather than guessing a zone', () => {
    const xml = bodXml('TestResult', RESULT(CONTEXT + pm('D-OUTER', '25.01', 'mm')).replace('09:30:00Z', '09:30:00'));
    expect(mapBod(bodOf(xml), SENDER)[0].problem?.errors.map((e) => e.field)).toEqual(['TestResult/EvaluationDate']);
  });
});
