import type { StepFacts } from '@lotstream/production';

/**
 * Events of a prototype build (`prototype-<buildId>`): a one-off part made "from 0 to 1", judged by
 * its result. They live in their own stream category and topic and never enter production
 * statistics. A promotion turns an accepted build into the production baseline of the part.
 */
export interface PrototypeBuildStarted {
  type: 'PrototypeBuildStarted';
  data: { buildId: string; partNumber: string; designRevision: string; siteId: string; requestedBy: string; purpose: string };
}

export interface PrototypeStepRecorded {
  type: 'PrototypeStepRecorded';
  data: StepFacts;
}

export interface PrototypeInspectionRecorded {
  type: 'PrototypeInspectionRecorded';
  data: {
    inspectionId: string;
    stage: 'IQC' | 'IPQC' | 'OQC' | 'FAI';
    characteristic: { id: string; lsl?: number; usl?: number; nominal?: number; unit: string };
    measurements: number[];
    gaugeId: string;
    inspectorId: string;
    inspectedAt: string;
    verdict: 'pass' | 'fail' | 'n/a';
  };
}

export type PrototypeNoteKind = 'decision' | 'deviation' | 'issue';

export interface PrototypeNoteAdded {
  type: 'PrototypeNoteAdded';
  data: { kind: PrototypeNoteKind; text: string };
}

export interface PrototypeBuildCompleted {
  type: 'PrototypeBuildCompleted';
  data: { outcome: 'accepted' | 'rejected' };
}

/** Sets the production baseline of the part: routing and SOP revisions lots are held to. */
export interface PrototypePromoted {
  type: 'PrototypePromoted';
  data: {
    partNumber: string;
    partRevision: string;
    routingRevision: string;
    sopRevisions?: Record<string, string>;
    /** Operations of the routing that are special processes (heat treatment, plating…): Form 2 of a first article lists their steps. */
    specialProcesses?: string[];
  };
}

export type PrototypeEvent =
  PrototypeBuildStarted | PrototypeStepRecorded | PrototypeInspectionRecorded | PrototypeNoteAdded | PrototypeBuildCompleted | PrototypePromoted;

export const PROTOTYPE_EVENT_TYPES = [
  'PrototypeBuildStarted',
  'PrototypeStepRecorded',
  'PrototypeInspectionRecorded',
  'PrototypeNoteAdded',
  'PrototypeBuildCompleted',
  'PrototypePromoted',
] as const;

export const prototypeStreamId = (buildId: string): string => `prototype-${buildId}`;
