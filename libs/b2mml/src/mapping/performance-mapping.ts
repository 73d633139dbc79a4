import { child, childrenNamed, textAt, XmlElement } from '../xml/secure-xml';
import type { MappedCommand, MappedNoun, SenderMapping } from './b2mml-mapping';
import { incompleteNoun } from './incomplete-noun';
import { ElementPaths, SENDER_PATH } from './element-paths';
import { DECIMAL } from './decimal';

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

/**
 * One SegmentResponse (OpSegmentResponseType, B2MML-V0600-OperationsPerformanceTypes.xsd), or a
 * JobResponse with `names`: a RegisterLot per MaterialActual whose MaterialUse is `Produced` and that
 * gives the lot's facts (first, so the step can be of that lot), a RecordProductionStep of the
 * production lot, and a ConsumeMaterial per MaterialActual whose MaterialUse is `Consumed`.
 */
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
    const { quantity, unit } = quantityOf(material, at, sender, need, errors);
    const paths: ElementPaths = {
      lotNumber: lotPath,
      inputLotNumber: `${at}/MaterialLotID`,
      quantity: `${at}/Quantity/QuantityString`,
      unit: textAt(material, 'Quantity', 'UnitOfMeasure') !== undefined ? `${at}/Quantity/UnitOfMeasure` : SENDER_PATH,
      stepId: `${path}/ID`,
      occurredAt: `${path}/${names.end}`,
    };
    return [{ type: 'ConsumeMaterial', payload: { lotNumber, inputLotNumber, quantity, unit, stepId, occurredAt: completedAt }, paths }];
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
  const registrations = materialActuals.flatMap((material, index) =>
    textAt(material, 'MaterialUse') === 'Produced'
      ? producedLot(material, `${path}/MaterialActual[${index + 1}]`, sender, { startedAt, at: `${path}/${names.start}` }, need, errors)
      : [],
  );
  return [...registrations, step, ...consumptions];
}

type Need = (value: string | undefined, field: string, message?: string) => string;

/** A MaterialActual's Quantity (QuantityValueType, B2MML-V0600-Common.xsd): QuantityString a decimal, UnitOfMeasure else the sender's unit. */
function quantityOf(material: XmlElement, at: string, sender: SenderMapping, need: Need, errors: Errors): { quantity: number; unit: string } {
  const quantityText = need(textAt(material, 'Quantity', 'QuantityString'), `${at}/Quantity/QuantityString`);
  if (quantityText !== '' && !DECIMAL.test(quantityText))
    errors.push({ field: `${at}/Quantity/QuantityString`, message: `${at}/Quantity/QuantityString must be a decimal number` });
  const unit = need(
    textAt(material, 'Quantity', 'UnitOfMeasure') ?? sender.defaults.unit,
    `${at}/Quantity/UnitOfMeasure`,
    'is required (or a sender default unit)',
  );
  return { quantity: Number(quantityText), unit };
}

/**
 * A Produced MaterialActual (OpMaterialActualType, Schema/V0600/B2MML-V0600-OperationsPerformanceTypes.xsd:
 * MaterialDefinitionID, MaterialLotID, MaterialUse, Quantity, MaterialActualProperty) that gives the
 * lot's facts registers the production lot, as POST /v1/lots with `kind: production` does:
 * MaterialLotID → lotNumber, MaterialDefinitionID → partNumber, Quantity/QuantityString and
 * UnitOfMeasure (else the sender's unit) → quantity and unit, MaterialActualProperty[ID=PartRevision]
 * (else the sender's partRevision) → partRevision, the step's start → occurredAt. One that names only
 * the lot (no MaterialDefinitionID, no Quantity) refers to a lot registered before and registers nothing.
 * A lot already registered with the same facts is not refused (`acceptRegistered`): the MES reports
 * the lot it produces with every step.
 */
function producedLot(
  material: XmlElement,
  at: string,
  sender: SenderMapping,
  start: { startedAt: string; at: string },
  need: Need,
  errors: Errors,
): MappedCommand[] {
  if (textAt(material, 'MaterialDefinitionID') === undefined && child(material, 'Quantity') === undefined) return [];
  const lotNumber = need(textAt(material, 'MaterialLotID'), `${at}/MaterialLotID`);
  const partNumber = need(textAt(material, 'MaterialDefinitionID'), `${at}/MaterialDefinitionID`);
  const { quantity, unit } = quantityOf(material, at, sender, need, errors);
  const revisionPath = `${at}/MaterialActualProperty[ID=PartRevision]/Value/ValueString`;
  const revision = textAt(
    childrenNamed(material, 'MaterialActualProperty').find((p) => textAt(p, 'ID') === 'PartRevision'),
    'Value',
    'ValueString',
  );
  const partRevision = need(revision ?? sender.defaults.partRevision, revisionPath, 'is required (or a sender default partRevision)');
  const paths: ElementPaths = {
    lotNumber: `${at}/MaterialLotID`,
    partNumber: `${at}/MaterialDefinitionID`,
    partRevision: revision !== undefined ? revisionPath : SENDER_PATH,
    quantity: `${at}/Quantity/QuantityString`,
    unit: textAt(material, 'Quantity', 'UnitOfMeasure') !== undefined ? `${at}/Quantity/UnitOfMeasure` : SENDER_PATH,
    siteId: SENDER_PATH,
    kind: `${at}/MaterialUse`,
    occurredAt: start.at,
  };
  const payload = { lotNumber, partNumber, partRevision, quantity, unit, siteId: sender.siteId, kind: 'production', occurredAt: start.startedAt };
  return [{ type: 'RegisterLot', payload, paths, acceptRegistered: true }];
}

/**
 * A lot produced in several steps of one noun is registered once, by the first; a later Produced
 * MaterialActual of that lot with other facts is an error naming it.
 */
export function onceEachProducedLot(commands: MappedCommand[], errors: Errors): MappedCommand[] {
  const first = new Map<string, MappedCommand>();
  return commands.filter((command) => {
    if (!command.acceptRegistered) return true;
    const lotNumber = String(command.payload.lotNumber);
    const earlier = first.get(lotNumber);
    if (!earlier) {
      first.set(lotNumber, command);
      return true;
    }
    const { occurredAt: _a, ...facts } = command.payload;
    const { occurredAt: _b, ...earlierFacts } = earlier.payload;
    if (JSON.stringify(facts) !== JSON.stringify(earlierFacts)) {
      errors.push({ field: command.paths.lotNumber, message: `${command.paths.lotNumber} is also produced at ${earlier.paths.lotNumber} with other facts` });
    }
    return false;
  });
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
 * OperationsResponse (V0600, V0700): every SegmentResponse becomes a RecordProductionStep (its
 * consumed MaterialActuals ConsumeMaterial, its Produced ones RegisterLot, each produced lot once);
 * anything missing refuses the whole noun with the paths.
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
  const once = onceEachProducedLot(commands, errors);
  if (errors.length > 0) return incompleteNoun(noun, position, id, errors);
  return { position, noun, id, commands: once };
}
