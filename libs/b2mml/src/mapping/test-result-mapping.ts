import { childrenNamed, textAt, XmlElement } from '../xml/secure-xml';
import type { MappedCommand, MappedNoun, SenderMapping } from './b2mml-mapping';
import { incompleteNoun } from './incomplete-noun';
import { ElementPaths, SENDER_PATH } from './element-paths';
import { DECIMAL } from './decimal';

/**
 * Test results → inspections. Checked against MESAInternational/B2MML-BatchML Schema/B2MML-OperationsTest.xsd
 * (V0701, namespace http://www.mesa.org/xml/B2MML): the BODs SyncTestResult / ProcessTestResult carry
 * TestResult nouns and SyncOperationsTestInformation / ProcessOperationsTestInformation carry
 * OperationsTestInformation nouns (TestSpecification*, TestResult*).
 *
 * TestResultType: ID, EvaluationDate, HierarchyScope, TestableObjectID, OperationsTestRequirementID,
 * TestResultChild, PropertyMeasurement. PropertyMeasurementType: ID, TestableObjectPropertyID,
 * MeasurementDate, Value (ValueType: ValueString, UnitOfMeasure, B2MML-Common.xsd).
 * (B2MML has no noun called QualityTestResult; V0600 carries TestResult only nested in a property,
 * e.g. MaterialLotProperty/TestResult, with no measured characteristic, so it is not mapped.)
 *
 * Mapping: one RecordInspection per measured PropertyMeasurement — TestableObjectID → lotNumber,
 * PropertyMeasurement/ID → characteristic.id, Value/ValueString → the measurement (one Value per
 * PropertyMeasurement; several PropertyMeasurements with the same ID form one subgroup),
 * Value/UnitOfMeasure → characteristic.unit, MeasurementDate (else EvaluationDate) → inspectedAt.
 * What TestResultType has no element for is carried as a PropertyMeasurement with a reserved ID:
 * `Stage` (IQC, IPQC, OQC or FAI), `InspectorID`, `GaugeID` (else HierarchyScope/EquipmentID).
 * Limits, when present, come from a TestSpecification of the same OperationsTestInformation:
 * TestSpecificationProperty[ID=<characteristic>]/TestSpecificationPropertyChild[ID=LSL|USL|Nominal]/Value/ValueString.
 */

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const STAGES = ['IQC', 'IPQC', 'OQC', 'FAI'];
const RESERVED = { stage: 'Stage', inspector: 'InspectorID', gauge: 'GaugeID' } as const;

type Errors = Array<{ field: string; message: string }>;
type Limit = { lsl?: number; usl?: number; nominal?: number };
/** Limits by characteristic, with the element path each was read from. */
type Limits = Map<string, { limit: Limit; paths: ElementPaths }>;

/** Limits by characteristic from the TestSpecifications of an OperationsTestInformation. */
function limitsOf(specifications: XmlElement[], path: string, errors: Errors): Limits {
  const limits: Limits = new Map();
  specifications.forEach((specification, s) =>
    childrenNamed(specification, 'TestSpecificationProperty').forEach((property, p) => {
      const id = textAt(property, 'ID');
      if (id === undefined) return;
      const entry: Limit = {};
      const paths: ElementPaths = {};
      for (const [name, key] of [
        ['LSL', 'lsl'],
        ['USL', 'usl'],
        ['Nominal', 'nominal'],
      ] as const) {
        const limit = childrenNamed(property, 'TestSpecificationPropertyChild').find((c) => textAt(c, 'ID') === name);
        const text = textAt(limit, 'Value', 'ValueString');
        if (text === undefined) continue;
        const field = `${path}/TestSpecification[${s + 1}]/TestSpecificationProperty[${p + 1}]/TestSpecificationPropertyChild[ID=${name}]/Value/ValueString`;
        if (!DECIMAL.test(text)) errors.push({ field, message: `${field} must be a decimal number` });
        else {
          entry[key] = Number(text);
          paths[`characteristic.${key}`] = field;
        }
      }
      if (Object.keys(entry).length > 0) limits.set(id, { limit: entry, paths });
    }),
  );
  return limits;
}

/** One TestResult: a RecordInspection per characteristic it measures. */
function testResult(element: XmlElement, sender: SenderMapping, path: string, limits: Limits, errors: Errors): MappedCommand[] {
  const need = (value: string | undefined, field: string, message = 'is required'): string => {
    if (value === undefined) errors.push({ field, message: `${field} ${message}` });
    return value ?? '';
  };
  const resultId = need(textAt(element, 'ID'), `${path}/ID`);
  const lotNumber = need(textAt(element, 'TestableObjectID'), `${path}/TestableObjectID`);
  const measurements = childrenNamed(element, 'PropertyMeasurement');
  const reserved = (id: string): string | undefined =>
    textAt(
      measurements.find((m) => textAt(m, 'ID') === id),
      'Value',
      'ValueString',
    );
  const reservedField = (id: string): string => `${path}/PropertyMeasurement[ID=${id}]/Value/ValueString`;
  const stage = need(reserved(RESERVED.stage), reservedField(RESERVED.stage));
  if (stage !== '' && !STAGES.includes(stage))
    errors.push({ field: reservedField(RESERVED.stage), message: `${reservedField(RESERVED.stage)} must be one of ${STAGES.join(', ')}` });
  const inspectorId = need(reserved(RESERVED.inspector), reservedField(RESERVED.inspector));
  const gaugeId = need(
    reserved(RESERVED.gauge) ?? textAt(element, 'HierarchyScope', 'EquipmentID'),
    reservedField(RESERVED.gauge),
    `is required (or ${path}/HierarchyScope/EquipmentID)`,
  );
  const reservedIds = new Set<string>(Object.values(RESERVED));
  const measured = measurements.map((m, index) => ({ m, index })).filter(({ m }) => !reservedIds.has(textAt(m, 'ID') ?? ''));
  if (measured.length === 0)
    errors.push({ field: `${path}/PropertyMeasurement`, message: `${path}/PropertyMeasurement is required (a measured characteristic)` });

  const byCharacteristic = new Map<string, { unit: string; values: number[]; inspectedAt: string; at: string; valuePaths: string[]; paths: ElementPaths }>();
  for (const { m, index } of measured) {
    const at = `${path}/PropertyMeasurement[${index + 1}]`;
    const id = need(textAt(m, 'ID'), `${at}/ID`);
    const text = need(textAt(m, 'Value', 'ValueString'), `${at}/Value/ValueString`);
    if (text !== '' && !DECIMAL.test(text)) errors.push({ field: `${at}/Value/ValueString`, message: `${at}/Value/ValueString must be a decimal number` });
    const unit = need(textAt(m, 'Value', 'UnitOfMeasure') ?? sender.defaults.unit, `${at}/Value/UnitOfMeasure`, 'is required (or a sender default unit)');
    const dateField = textAt(m, 'MeasurementDate') !== undefined ? `${at}/MeasurementDate` : `${path}/EvaluationDate`;
    const inspectedAt = need(textAt(m, 'MeasurementDate') ?? textAt(element, 'EvaluationDate'), dateField, `is required (or ${path}/EvaluationDate)`);
    if (inspectedAt !== '' && !TIMESTAMP.test(inspectedAt))
      errors.push({ field: dateField, message: `${dateField} must be a date-time with an offset (e.g. 2026-11-25T08:30:00Z)` });
    const group = byCharacteristic.get(id);
    if (!group) {
      const paths: ElementPaths = {
        'characteristic.id': `${at}/ID`,
        'characteristic.unit': textAt(m, 'Value', 'UnitOfMeasure') !== undefined ? `${at}/Value/UnitOfMeasure` : SENDER_PATH,
        inspectedAt: dateField,
      };
      byCharacteristic.set(id, { unit, values: [Number(text)], inspectedAt, at, valuePaths: [`${at}/Value/ValueString`], paths });
    } else {
      if (group.unit !== unit)
        errors.push({ field: `${at}/Value/UnitOfMeasure`, message: `${at}/Value/UnitOfMeasure differs from ${group.at} of the same characteristic` });
      group.values.push(Number(text));
      group.valuePaths.push(`${at}/Value/ValueString`);
    }
  }
  const several = byCharacteristic.size > 1;
  return [...byCharacteristic].map(([id, group]) => ({
    type: 'RecordInspection',
    payload: {
      lotNumber,
      inspectionId: several ? `${resultId}-${id}` : resultId,
      stage,
      characteristic: { id, ...(limits.get(id)?.limit ?? {}), unit: group.unit },
      measurements: group.values,
      gaugeId,
      inspectorId,
      inspectedAt: group.inspectedAt,
    },
    paths: {
      lotNumber: `${path}/TestableObjectID`,
      inspectionId: `${path}/ID`,
      stage: reservedField(RESERVED.stage),
      characteristic: group.at,
      ...group.paths,
      ...(limits.get(id)?.paths ?? {}),
      measurements: group.at,
      ...Object.fromEntries(group.valuePaths.map((at, i) => [`measurements[${i}]`, at])),
      gaugeId: reserved(RESERVED.gauge) !== undefined ? reservedField(RESERVED.gauge) : `${path}/HierarchyScope/EquipmentID`,
      inspectorId: reservedField(RESERVED.inspector),
    },
  }));
}

/** TestResult (SyncTestResult / ProcessTestResult) or OperationsTestInformation: all its inspections, or a refusal with every missing path. */
export function mapTestResults(noun: string, element: XmlElement, position: number, sender: SenderMapping): MappedNoun {
  const errors: Errors = [];
  let commands: MappedCommand[];
  if (noun === 'TestResult') {
    commands = testResult(element, sender, 'TestResult', new Map(), errors);
  } else {
    const limits = limitsOf(childrenNamed(element, 'TestSpecification'), noun, errors);
    const results = childrenNamed(element, 'TestResult');
    if (results.length === 0) errors.push({ field: `${noun}/TestResult`, message: `${noun}/TestResult is required` });
    commands = results.flatMap((result, index) => testResult(result, sender, `${noun}/TestResult[${index + 1}]`, limits, errors));
  }
  const id = textAt(element, 'ID');
  if (errors.length > 0) return incompleteNoun(noun, position, id, errors);
  return { position, noun, id, commands };
}
