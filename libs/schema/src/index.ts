import type { MigrationClass } from '@lotstream/platform';
import {
  AppendGroupGuard1764000430000,
  DropEventsCategoryIndex1764000410000,
  EventStore1764000000000,
  HashChainV21764000400000,
  LinkTextV2PerRowCost1764000420000,
  Upcaster,
} from '@lotstream/event-store';
import { ApiKeys1764000100000 } from '@lotstream/access';
import { AuditCheckpoints1764000300000 } from '@lotstream/audit';
import { RelayCheckpoint1764000200000, type ReadModel } from '@lotstream/messaging';
import { FirstArticleIndexes1764000440000, FirstArticleLateRegistrations1764000450000, QUALITY_UPCASTERS } from '@lotstream/quality';
import { REPEATABILITY_READ_MODELS } from '@lotstream/repeatability';
import { TRACEABILITY_READ_MODELS, TraceLotEventsSupplierIndex1764000460000 } from '@lotstream/traceability';

/** Every migration of the product, in the order they apply. */
export const ALL_MIGRATIONS: MigrationClass[] = [
  EventStore1764000000000,
  ApiKeys1764000100000,
  RelayCheckpoint1764000200000,
  AuditCheckpoints1764000300000,
  HashChainV21764000400000,
  DropEventsCategoryIndex1764000410000,
  LinkTextV2PerRowCost1764000420000,
  AppendGroupGuard1764000430000,
  FirstArticleIndexes1764000440000,
  FirstArticleLateRegistrations1764000450000,
  TraceLotEventsSupplierIndex1764000460000,
];

/** Every registered upcaster (older stored event shapes upgraded on read). */
export const ALL_UPCASTERS: Upcaster[] = [...QUALITY_UPCASTERS];

/** Every read model the projector maintains (traceability, repeatability). */
export const ALL_READ_MODELS: ReadModel[] = [...REPEATABILITY_READ_MODELS, ...TRACEABILITY_READ_MODELS];
