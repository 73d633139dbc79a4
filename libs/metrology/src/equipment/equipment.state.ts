import { assertNever, foldStream, LoadedStream } from '@lotstream/domain';
import type { EquipmentEvent, EquipmentRegistered } from './equipment.events';

/** What write decisions need to know about a piece of equipment. */
export interface EquipmentState {
  registered?: EquipmentRegistered['data'];
  calibrationIds: ReadonlySet<string>;
}

export const initialEquipmentState: EquipmentState = { calibrationIds: new Set() };

export function evolveEquipment(state: EquipmentState, event: EquipmentEvent): EquipmentState {
  switch (event.type) {
    case 'EquipmentRegistered':
      return { ...state, registered: event.data };
    case 'CalibrationRecorded':
      return { ...state, calibrationIds: new Set(state.calibrationIds).add(event.data.calibrationId) };
    default:
      return assertNever(event);
  }
}

export const equipmentDecider = { initialState: initialEquipmentState, evolve: evolveEquipment };

export const equipmentOf = (stream: LoadedStream): EquipmentState => foldStream(stream, initialEquipmentState, evolveEquipment);
