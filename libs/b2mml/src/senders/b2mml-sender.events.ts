/**
 * Events of a B2MML sender's stream (`b2mml-sender-<logicalId>`): how BODs from one MES
 * (ApplicationArea/Sender/LogicalID) map onto Lotstream, so an auditor sees which mapping was in
 * force when a BOD was recorded. The sender `default` maps BODs that name no (or no configured) sender.
 */
export const PRODUCTION_LOT_SOURCES = ['ProductionResponse/ID', 'JobResponse/ID', 'ProducedMaterialLot'] as const;
export type ProductionLotSource = (typeof PRODUCTION_LOT_SOURCES)[number];

export const DEFAULT_SENDER = 'default';

// A type alias, not an interface: event data must stay assignable to Record<string, unknown>.
export type B2mmlSenderMapping = {
  logicalId: string;
  siteId: string;
  defaults: { partRevision?: string; unit?: string };
  productionLot: ProductionLotSource;
};

export interface B2mmlSenderConfigured {
  type: 'B2mmlSenderConfigured';
  data: B2mmlSenderMapping;
}

export type B2mmlSenderEvent = B2mmlSenderConfigured;

export const senderStreamId = (logicalId: string): string => `b2mml-sender-${logicalId}`;

/** The mapping in force: the last one configured, or none. */
export function senderMappingOf(events: ReadonlyArray<{ type: string; data: unknown }>): B2mmlSenderMapping | undefined {
  const last = events.filter((e) => e.type === 'B2mmlSenderConfigured').at(-1);
  return last ? (last.data as B2mmlSenderMapping) : undefined;
}
