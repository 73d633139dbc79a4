import { child, childrenNamed, textAt, XmlElement } from '../xml/secure-xml';
import { incompleteNoun } from './incomplete-noun';
import type { Bod } from './bod';
import { mapPerformance } from './performance-mapping';
import { mapTestResults } from './test-result-mapping';
import { mapJobResponses } from './job-response-mapping';
import { ElementPaths, SENDER_PATH } from './element-paths';
import { DECIMAL } from './decimal';

/** How one MES (a BOD's Sender/LogicalID) maps onto Lotstream: its site and the defaults B2MML lacks. */
export interface SenderMapping {
  siteId: string;
  defaults: { partRevision?: string; unit?: string };
  productionLot: 'ProductionResponse/ID' | 'JobResponse/ID' | 'ProducedMaterialLot';
}

/** A Lotstream command as /v1/batch takes it. */
export interface MappedCommand {
  type: string;
  payload: Record<string, unknown>;
  /** Each payload field → the B2MML element path it was read from, so a command-side refusal names the element. */
  paths: ElementPaths;
  /** A RegisterLot of a Produced lot: the lot already registered with the same facts is answered 200, not refused. */
  acceptRegistered?: true;
}

export interface NounProblem {
  status: 422;
  problemType: string;
  detail: string;
  errors: Array<{ field: string; message: string }>;
}

/** One noun instance of the DataArea: the commands it becomes, or why it cannot be mapped. */
export interface MappedNoun {
  /** 0-based position of the noun instance in the DataArea (part of the idempotency key). */
  position: number;
  noun: string;
  /** The noun's own identifier (ID) when it has one. */
  id?: string;
  commands: MappedCommand[];
  problem?: NounProblem;
  /** Acknowledged and recorded nowhere (e.g. a MaterialDefinition). */
  acknowledgedOnly?: boolean;
}

class Missing {
  readonly errors: Array<{ field: string; message: string }> = [];
  need(value: string | undefined, field: string, message = 'is required'): string {
    if (value === undefined) this.errors.push({ field, message: `${field} ${message}` });
    return value ?? '';
  }
  quantity(text: string | undefined, field: string): number {
    if (text === undefined) {
      this.errors.push({ field, message: `${field} is required` });
      return 0;
    }
    if (!DECIMAL.test(text) || !Number.isFinite(Number(text))) {
      this.errors.push({ field, message: `${field} must be a decimal number` });
      return 0;
    }
    return Number(text);
  }
}

/**
 * Maps the noun instances of a Sync/Process BOD to Lotstream commands, noun by noun: a noun that
 * lacks something Lotstream requires is answered with the B2MML element paths to fix, and never
 * affects the others. Pure: no I/O, no clock.
 */
export function mapBod(bod: Bod, sender: SenderMapping): MappedNoun[] {
  return bod.nouns.flatMap((element, position) => mapNoun(bod.noun, element, position, sender));
}

function mapNoun(noun: string, element: XmlElement, position: number, sender: SenderMapping): MappedNoun[] {
  switch (noun) {
    case 'MaterialLot':
      return [materialLot(element, position, sender, 'MaterialLot')];
    case 'MaterialSubLot':
      return [materialSubLot(element, position, undefined, 'MaterialSubLot')];
    case 'MaterialDefinition':
      return [{ position, noun, id: textAt(element, 'ID'), commands: [], acknowledgedOnly: true }];
    case 'MaterialInformation':
      return [materialInformation(element, position, sender)];
    case 'ProductionPerformance':
    case 'ProductionResponse':
    case 'OperationsPerformance':
    case 'OperationsResponse':
      return [mapPerformance(noun, element, position, sender)];
    case 'JobResponse':
    case 'WorkPerformance':
      return [mapJobResponses(noun, element, position, sender)];
    case 'TestResult':
    case 'OperationsTestInformation':
      return [mapTestResults(noun, element, position, sender)];
    default:
      return [
        {
          position,
          noun,
          id: textAt(element, 'ID'),
          commands: [],
          problem: {
            status: 422,
            problemType: 'unsupported-b2mml-noun',
            detail: `The noun ${noun} is not mapped to Lotstream.`,
            errors: [{ field: noun, message: `${noun} is not supported` }],
          },
        },
      ];
  }
}

/**
 * MaterialLot (MaterialLotType, B2MML-V0600-Material.xsd): ID → lotNumber, MaterialDefinitionID →
 * partNumber, Quantity/QuantityString + UnitOfMeasure (QuantityValueType, B2MML-V0600-Common.xsd)
 * → quantity + unit, a MaterialLotProperty with ID `PartRevision` (else the sender's default) →
 * partRevision; nested MaterialSubLot → one split each.
 */
function materialLot(element: XmlElement, position: number, sender: SenderMapping, path: string): MappedNoun {
  const missing = new Missing();
  const lotNumber = missing.need(textAt(element, 'ID'), `${path}/ID`);
  const partNumber = missing.need(textAt(element, 'MaterialDefinitionID'), `${path}/MaterialDefinitionID`);
  const quantityElement = child(element, 'Quantity');
  const quantity = missing.quantity(textAt(quantityElement, 'QuantityString'), `${path}/Quantity/QuantityString`);
  const unit = missing.need(
    textAt(quantityElement, 'UnitOfMeasure') ?? sender.defaults.unit,
    `${path}/Quantity/UnitOfMeasure`,
    'is required (or a sender default unit)',
  );
  const revisionProperty = childrenNamed(element, 'MaterialLotProperty').find((p) => textAt(p, 'ID') === 'PartRevision');
  const revisionPath = `${path}/MaterialLotProperty[ID=PartRevision]/Value/ValueString`;
  const partRevision = missing.need(
    textAt(revisionProperty, 'Value', 'ValueString') ?? sender.defaults.partRevision,
    revisionPath,
    'is required (or a sender default partRevision)',
  );
  const subLots = childrenNamed(element, 'MaterialSubLot').map((subLot, index) =>
    materialSubLot(subLot, position, lotNumber, `${path}/MaterialSubLot[${index + 1}]`),
  );
  const subLotErrors = subLots.flatMap((s) => s.problem?.errors ?? []);
  const errors = [...missing.errors, ...subLotErrors];
  if (errors.length > 0) return incompleteNoun('MaterialLot', position, lotNumber || undefined, errors);
  return {
    position,
    noun: 'MaterialLot',
    id: lotNumber,
    commands: [
      {
        type: 'RegisterLot',
        payload: { lotNumber, partNumber, partRevision, quantity, unit, siteId: sender.siteId, kind: 'material' },
        paths: {
          lotNumber: `${path}/ID`,
          partNumber: `${path}/MaterialDefinitionID`,
          partRevision: textAt(revisionProperty, 'Value', 'ValueString') !== undefined ? revisionPath : SENDER_PATH,
          quantity: `${path}/Quantity/QuantityString`,
          unit: textAt(quantityElement, 'UnitOfMeasure') !== undefined ? `${path}/Quantity/UnitOfMeasure` : SENDER_PATH,
          siteId: SENDER_PATH,
          kind: path,
        },
      },
      ...subLots.flatMap((s) => s.commands),
    ],
  };
}

/** MaterialSubLot (MaterialSubLotType): a split of its lot (the enclosing MaterialLot, else MaterialLotID). */
function materialSubLot(element: XmlElement, position: number, parentLot: string | undefined, path: string): MappedNoun {
  const missing = new Missing();
  const childLotNumber = missing.need(textAt(element, 'ID'), `${path}/ID`);
  const lotNumber = parentLot ?? missing.need(textAt(element, 'MaterialLotID'), `${path}/MaterialLotID`);
  const quantity = missing.quantity(textAt(element, 'Quantity', 'QuantityString'), `${path}/Quantity/QuantityString`);
  if (missing.errors.length > 0) return incompleteNoun('MaterialSubLot', position, childLotNumber || undefined, missing.errors);
  const paths = {
    lotNumber: parentLot !== undefined ? `${path.replace(/\/MaterialSubLot\[\d+\]$/, '')}/ID` : `${path}/MaterialLotID`,
    childLotNumber: `${path}/ID`,
    quantity: `${path}/Quantity/QuantityString`,
  };
  return { position, noun: 'MaterialSubLot', id: childLotNumber, commands: [{ type: 'SplitLot', payload: { lotNumber, childLotNumber, quantity }, paths }] };
}

/** MaterialInformation (MaterialInformationType): its MaterialLots and stand-alone MaterialSubLots; definitions acknowledged. */
function materialInformation(element: XmlElement, position: number, sender: SenderMapping): MappedNoun {
  const parts = [
    ...childrenNamed(element, 'MaterialLot').map((lot, index) => materialLot(lot, position, sender, `MaterialInformation/MaterialLot[${index + 1}]`)),
    ...childrenNamed(element, 'MaterialSubLot').map((subLot, index) =>
      materialSubLot(subLot, position, undefined, `MaterialInformation/MaterialSubLot[${index + 1}]`),
    ),
  ];
  const errors = parts.flatMap((p) => p.problem?.errors ?? []);
  if (errors.length > 0) return incompleteNoun('MaterialInformation', position, textAt(element, 'ID'), errors);
  const commands = parts.flatMap((p) => p.commands);
  return { position, noun: 'MaterialInformation', id: textAt(element, 'ID'), commands, acknowledgedOnly: commands.length === 0 || undefined };
}
