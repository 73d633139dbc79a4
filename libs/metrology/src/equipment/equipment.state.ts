import { assertNever, foldStream, LoadedStream } from '@lotstream/domain';
import type { EquipmentEvent, EquipmentRegistered } from './equipment.events';

/** What write decisions need to know about a piece of equipment. */
export interface EquipmentState {
  registered?: EquipmentRegistered['data'];
  calibrationIds: ReadonlySet<string>;
  studyIds: ReadonlySet<string>;
}

export const initialEquipmentState: EquipmentState = { calibrationIds: new Set(), studyIds: new Set() };

export function evolveEquipment(state: EquipmentState, event: EquipmentEvent): EquipmentState {
  switch (event.type) {
    case 'EquipmentRegistered':
      return { ...state, registered: event.data };
    case 'CalibrationRecorded':
      return { ...state, calibrationIds: new Set(state.calibrationIds).add(event.data.calibrationId) };
    case 'MsaStudyRecorded':
      return { ...state, studyIds: new Set(state.studyIds).add(event.data.studyId) };
    default:
      return assertNever(event);
  }
}

export const equipmentDecider = { initialState: initialEquipmentState, evolve: evolveEquipment };

export const equipmentOf = (stream: LoadedStream): EquipmentState => foldStream(stream, initialEquipmentState, evolveEquipment);
