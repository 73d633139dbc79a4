import { child, childrenNamed, textAt, XmlElement } from '../xml/secure-xml';
import type { MappedCommand, MappedNoun, SenderMapping } from './b2mml-mapping';
import { incompleteNoun } from './incomplete-noun';
import { ElementPaths, SENDER_PATH } from './element-paths';

/** ISO-8601 date-time with an offset (Z or ±hh:mm): a time without one is ambiguous and refused. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const COUNT = /^\d+$/;

export type Errors = Array<{ field: string; message: string }>;

/** The data item element name a path should name: the one the element uses, else the usual one for its kind. */
const dataName = (element: XmlElement): string =>
  ['JobResponsetData', 'JobResponseData', 'ProductionData', 'SegmentData'].find((name) => childrenNamed(element, name).length > 0) ??
  (element.name === 'JobResponse' ? 'JobResponseData' : 'SegmentData');

/** Data items (SegmentData in OperationsPerformance, ProductionData in ProductionPerformance) by ID → Value/ValueString. */
function dataItems(segment: XmlElement): Map<string, string> {
  const items = new Map<string, string>();
  const names = ['SegmentData', 'ProductionData', 'SegmentParameter', 'JobResponseData', 'JobResponsetData'];
  for (const item of names.flatMap((name) => childrenNamed(segment, name))) {
    const id = textAt(item, 'ID');
    const value = textAt(item, 'Value', 'ValueString');
    if (id !== undefined && value !== undefined) items.set(id, value);
  }
  return items;
}

/** Step fields B2MML has no element for, carried as data items with these IDs. */
const STEP_DATA = {
  sequence: 'Sequence',
  workCenter: 'WorkCenter',
  sopRevision: 'SOPRevision',
  quantityIn: 'QuantityIn',
  quantityGood: 'QuantityGood',
  quantityScrapped: 'QuantityScrapped',
} as const;

/**
 * One SegmentResponse (OpSegmentResponseType, B2MML-V0600-OperationsPerformanceTypes.xsd): a
 * RecordProductionStep of the produced lot, and a ConsumeMaterial per MaterialActual whose MaterialUse
 * is `Consumed`.
 */
/** Element names of a step: SegmentResponse (OpSegmentResponseType) or JobResponse (JobResponseType, B2MML-V0600-WorkPerformance.xsd). */
export interface StepElements {
  operation: string;
  start: string;
  end: string;
  /** The element holding the production lot id when the sender's productionLot names the response (e.g. `OperationsResponse[1]/ID`). */
  lotField: (path: string) => string;
}

const SEGMENT_ELEMENTS: StepElements = {
  operation: 'ProcessSegmentID',
  start: 'ActualStartTime',
  end: 'ActualEndTime',
  lotField: (path) => `${path.replace(/\/SegmentResponse\[\d+\]$/, '')}/ID`,
};

export function segmentResponse(
  segment: XmlElement,
  responseId: string | undefined,
  sender: SenderMapping,
  path: string,
  errors: Errors,
  names: StepElements = SEGMENT_ELEMENTS,
): MappedCommand[] {
  const need = (value: string | undefined, field: string, message = 'is required'): string => {
    if (value === undefined) errors.push({ field, message: `${field} ${message}` });
    return value ?? '';
  };
  const time = (name: string): string => {
    const field = `${path}/${name}`;
    const value = need(textAt(segment, name), field);
    if (value !== '' && !TIMESTAMP.test(value)) errors.push({ field, message: `${field} must be a date-time with an offset (e.g. 2026-11-25T08:30:00Z)` });
    return value;
  };
  const materialActuals = childrenNamed(segment, 'MaterialActual');
  const produced = materialActuals.find((m) => textAt(m, 'MaterialUse') === 'Produced');
  const lotPath =
    sender.productionLot === 'ProducedMaterialLot'
      ? `${path}/MaterialActual[${produced ? materialActuals.indexOf(produced) + 1 : 'MaterialUse=Produced'}]/MaterialLotID`
      : names.lotField(path);
  const lotNumber =
    sender.productionLot === 'ProducedMaterialLot'
      ? need(textAt(produced, 'MaterialLotID'), `${path}/MaterialActual[MaterialUse=Produced]/MaterialLotID`)
      : need(responseId, lotPath, `is required (the sender's productionLot is ${sender.productionLot})`);
  const stepId = need(textAt(segment, 'ID'), `${path}/ID`);
  const operation = need(textAt(segment, names.operation), `${path}/${names.operation}`);
  const startedAt = time(names.start);
  const completedAt = time(names.end);
  const equipment = childrenNamed(segment, 'EquipmentActual')
    .flatMap((e, a) => childrenNamed(e, 'EquipmentID').map((id, i) => ({ id: id.text, at: `${path}/EquipmentActual[${a + 1}]/EquipmentID[${i + 1}]` })))
    .filter(({ id }) => id !== '');
  const equipmentIds = equipment.map(({ id }) => id);
  const equipmentPaths = equipment.map(({ at }) => at);
  if (equipmentIds.length === 0) errors.push({ field: `${path}/EquipmentActual/EquipmentID`, message: `${path}/EquipmentActual/EquipmentID is required` });
  const operatorId = need(textAt(child(segment, 'PersonnelActual'), 'PersonID'), `${path}/PersonnelActual/PersonID`);
  const items = dataItems(segment);
  const dataField = (id: string): string => `${path}/${dataName(segment)}[ID=${id}]/Value/ValueString`;
  const count = (id: string): number => {
    const value = need(items.get(id), dataField(id));
    if (value !== '' && !COUNT.test(value)) errors.push({ field: dataField(id), message: `${dataField(id)} must be a whole number` });
    return Number(value);
  };
  const sequence = count(STEP_DATA.sequence);
  const workCenter = need(items.get(STEP_DATA.workCenter), dataField(STEP_DATA.workCenter));
  const sopRevision = need(items.get(STEP_DATA.sopRevision), dataField(STEP_DATA.sopRevision));
  const quantityIn = count(STEP_DATA.quantityIn);
  const quantityGood = count(STEP_DATA.quantityGood);
  const quantityScrapped = count(STEP_DATA.quantityScrapped);
  const reserved = new Set<string>(Object.values(STEP_DATA));
  const parameters = Object.fromEntries(
    [...items].filter(([id]) => !reserved.has(id)).map(([id, value]) => [id, value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value]),
  );
  const consumptions: MappedCommand[] = materialActuals.flatMap((material, index) => {
    if (textAt(material, 'MaterialUse') !== 'Consumed') return [];
    const at = `${path}/MaterialActual[${index + 1}]`;
    const inputLotNumber = need(textAt(material, 'MaterialLotID'), `${at}/MaterialLotID`);
    const quantityText = need(textAt(material, 'Quantity', 'QuantityString'), `${at}/Quantity/QuantityString`);
    if (quantityText !== '' && !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(quantityText))
      errors.push({ field: `${at}/Quantity/QuantityString`, message: `${at}/Quantity/QuantityString must be a decimal number` });
    const unit = need(
      textAt(material, 'Quantity', 'UnitOfMeasure') ?? sender.defaults.unit,
      `${at}/Quantity/UnitOfMeasure`,
      'is required (or a sender default unit)',
    );
    const paths: ElementPaths = {
      lotNumber: lotPath,
      inputLotNumber: `${at}/MaterialLotID`,
      quantity: `${at}/Quantity/QuantityString`,
      unit: textAt(material, 'Quantity', 'UnitOfMeasure') !== undefined ? `${at}/Quantity/UnitOfMeasure` : SENDER_PATH,
      stepId: `${path}/ID`,
      occurredAt: `${path}/${names.end}`,
    };
    return [{ type: 'ConsumeMaterial', payload: { lotNumber, inputLotNumber, quantity: Number(quantityText), unit, stepId, occurredAt: completedAt }, paths }];
  });
  const step: MappedCommand = {
    type: 'RecordProductionStep',
    payload: {
      lotNumber,
      stepId,
      operation,
      sequence,
      workCenter,
      equipmentIds,
      operatorId,
      sopRevision,
      startedAt,
      completedAt,
      quantityIn,
      quantityGood,
      quantityScrapped,
      ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    },
    paths: {
      lotNumber: lotPath,
      stepId: `${path}/ID`,
      operation: `${path}/${names.operation}`,
      sequence: dataField(STEP_DATA.sequence),
      workCenter: dataField(STEP_DATA.workCenter),
      equipmentIds: `${path}/EquipmentActual/EquipmentID`,
      ...Object.fromEntries(equipmentPaths.map((at, i) => [`equipmentIds[${i}]`, at])),
      operatorId: `${path}/PersonnelActual/PersonID`,
      sopRevision: dataField(STEP_DATA.sopRevision),
      startedAt: `${path}/${names.start}`,
      completedAt: `${path}/${names.end}`,
      quantityIn: dataField(STEP_DATA.quantityIn),
      quantityGood: dataField(STEP_DATA.quantityGood),
      quantityScrapped: dataField(STEP_DATA.quantityScrapped),
      parameters: `${path}/${dataName(segment)}`,
      ...Object.fromEntries(Object.keys(parameters).map((id) => [`parameters.${id}`, dataField(id)])),
    },
  };
  return [step, ...consumptions];
}

/** A ProductionResponse / OperationsResponse: its SegmentResponses, nested ones included, in document order. */
function response(element: XmlElement, sender: SenderMapping, path: string, errors: Errors): MappedCommand[] {
  const responseId = textAt(element, 'ID');
  const walk = (parent: XmlElement, parentPath: string): MappedCommand[] =>
    childrenNamed(parent, 'SegmentResponse').flatMap((segment, index) => {
      const at = `${parentPath}/SegmentResponse[${index + 1}]`;
      return [...segmentResponse(segment, responseId, sender, at, errors), ...walk(segment, at)];
    });
  const commands = walk(element, path);
  if (commands.length === 0 && errors.length === 0) errors.push({ field: `${path}/SegmentResponse`, message: `${path}/SegmentResponse is required` });
  return commands;
}

export const PERFORMANCE_NOUNS: Record<string, string> = {
  ProductionPerformance: 'ProductionResponse',
  OperationsPerformance: 'OperationsResponse',
};

/**
 * ProductionPerformance / ProductionResponse (V0401, V0500) and OperationsPerformance /
 * OperationsResponse (V0600, V0700): every SegmentResponse becomes a RecordProductionStep (and its
 * consumed MaterialActuals ConsumeMaterial); anything missing refuses the whole noun with the paths.
 */
export function mapPerformance(noun: string, element: XmlElement, position: number, sender: SenderMapping): MappedNoun {
  const errors: Errors = [];
  const responseName = PERFORMANCE_NOUNS[noun];
  const commands = responseName
    ? (() => {
        const responses = childrenNamed(element, responseName);
        if (responses.length === 0) errors.push({ field: `${noun}/${responseName}`, message: `${noun}/${responseName} is required` });
        return responses.flatMap((r, index) => response(r, sender, `${noun}/${responseName}[${index + 1}]`, errors));
      })()
    : response(element, sender, noun, errors);
  const id = textAt(element, 'ID');
  if (errors.length > 0) return incompleteNoun(noun, position, id, errors);
  return { position, noun, id, commands };
}
