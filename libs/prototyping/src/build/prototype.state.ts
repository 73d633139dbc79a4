import { assertNever, foldStream, LoadedStream, reject, Rejection } from '@lotstream/domain';
import type { PrototypeBuildStarted, PrototypeEvent } from './prototype.events';

/** What write decisions need to know about a prototype build. */
export interface PrototypeState {
  started?: PrototypeBuildStarted['data'];
  stepIds: ReadonlySet<string>;
  inspectionIds: ReadonlySet<string>;
  /** Operations the build's steps ran (a special process of the promotion must be one of them or have a SOP revision). */
  operations: ReadonlySet<string>;
  outcome?: 'accepted' | 'rejected';
  promoted: boolean;
}

export const initialPrototypeState: PrototypeState = { stepIds: new Set(), inspectionIds: new Set(), operations: new Set(), promoted: false };

export function evolvePrototype(state: PrototypeState, event: PrototypeEvent): PrototypeState {
  switch (event.type) {
    case 'PrototypeBuildStarted':
      return { ...state, started: event.data };
    case 'PrototypeStepRecorded':
      return { ...state, stepIds: new Set(state.stepIds).add(event.data.stepId), operations: new Set(state.operations).add(event.data.operation) };
    case 'PrototypeInspectionRecorded':
      return { ...state, inspectionIds: new Set(state.inspectionIds).add(event.data.inspectionId) };
    case 'PrototypeNoteAdded':
      return state;
    case 'PrototypeBuildCompleted':
      return { ...state, outcome: event.data.outcome };
    case 'PrototypePromoted':
      return { ...state, promoted: true };
    default:
      return assertNever(event);
  }
}

export const prototypeDecider = { initialState: initialPrototypeState, evolve: evolvePrototype };

export const prototypeOf = (stream: LoadedStream): PrototypeState => foldStream(stream, initialPrototypeState, evolvePrototype);

/** Steps and inspections belong to the build while it runs; once it is judged, its record of making is closed. */
export function closedBuild(buildId: string, build: PrototypeState): Rejection | undefined {
  return build.outcome ? reject('rule', 'build-completed', `Prototype build ${buildId} is completed (${build.outcome}).`) : undefined;
}
