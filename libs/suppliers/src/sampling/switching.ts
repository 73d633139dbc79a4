// The switching rules of ISO 2859-1:1999 §9.3 as a pure fold over the lots inspected for one
// supplier × part, so the severity and switching score as of any moment replay from the events.
//
// Glossary: switching score — the running count (9.3.3.2) that earns the move from normal to
// reduced inspection; discontinued — acceptance inspection stopped (9.4) until a resumption.
import { Severity } from './iso2859-tables';

export type SwitchingSeverity = Severity | 'discontinued';

export interface SwitchingState {
  severity: SwitchingSeverity;
  /** 9.3.3.2: kept on normal inspection only; 0 on entering normal. */
  switchingScore: number;
  /** Results (true = accepted) of the lots since the current severity started, oldest first. */
  sinceSwitch: boolean[];
  /** Lots not accepted since tightened inspection started (9.4: five of them discontinue). */
  notAcceptedOnTightened: number;
  /** Ids of the lots that switched to the current severity, then those inspected since, oldest first. */
  history: string[];
}

export interface InspectedLot {
  lotId: string;
  accepted: boolean;
  /** The plan's acceptance number (ISO 2859-1 9.3.3.2 splits the score rule on it). */
  acceptNumber: number;
  /** Whether the lot would have been accepted with the plan for the AQL one step tighter. */
  acceptedOneStepTighter: boolean;
  /** Production steady (9.3.3 b); true unless the site says otherwise. */
  productionSteady?: boolean;
}

export const initialSwitchingState = (severity: Severity = 'normal'): SwitchingState => ({
  severity,
  switchingScore: 0,
  sinceSwitch: [],
  notAcceptedOnTightened: 0,
  history: [],
});

const enter = (severity: SwitchingSeverity, previous: SwitchingState, drivenBy: string[]): SwitchingState => ({
  severity,
  switchingScore: 0,
  sinceSwitch: [],
  notAcceptedOnTightened: severity === 'tightened' ? 0 : previous.notAcceptedOnTightened,
  history: drivenBy,
});

/** 9.3.3.2: +3 / reset when Ac ≥ 2 (on the one-step-tighter test), +2 / reset when Ac is 0 or 1. */
export function nextSwitchingScore(score: number, lot: InspectedLot): number {
  if (lot.acceptNumber >= 2) return lot.accepted && lot.acceptedOneStepTighter ? score + 3 : 0;
  return lot.accepted ? score + 2 : 0;
}

export function applyInspectedLot(state: SwitchingState, lot: InspectedLot): SwitchingState {
  return applyInspectedLotInPlace({ ...state, sinceSwitch: [...state.sinceSwitch], history: [...state.history] }, lot);
}

/**
 * applyInspectedLot on a state whose arrays the caller owns and gives up: they are extended in
 * place, so a fold over a supplier's thousands of lots stays linear (a copy per lot made the
 * sampling answer quadratic in the lots received). The rules are written once, here.
 */
export function applyInspectedLotInPlace(state: SwitchingState, lot: InspectedLot): SwitchingState {
  // Refused upstream (422 inspection-discontinued); a lot reaching here changes nothing.
  if (state.severity === 'discontinued') return state;
  const sinceSwitch = state.sinceSwitch;
  const history = state.history;
  sinceSwitch.push(lot.accepted);
  history.push(lot.lotId);
  switch (state.severity) {
    case 'normal': {
      // 9.3.2: two lots not accepted within five or fewer consecutive lots → tightened.
      const lastFive = sinceSwitch.slice(-5);
      if (lastFive.filter((accepted) => !accepted).length >= 2) return enter('tightened', state, history.slice(-lastFive.length));
      const switchingScore = nextSwitchingScore(state.switchingScore, lot);
      // 9.3.3: score of 30 or more (and steady production) → reduced.
      if (switchingScore >= 30 && lot.productionSteady !== false) return enter('reduced', state, history);
      if (history.length > 30) history.splice(0, history.length - 30);
      return { ...state, switchingScore };
    }
    case 'tightened': {
      const notAcceptedOnTightened = state.notAcceptedOnTightened + (lot.accepted ? 0 : 1);
      // 9.4: five lots not accepted while on tightened → discontinue.
      if (notAcceptedOnTightened >= 5) return { ...enter('discontinued', state, history), notAcceptedOnTightened };
      // 9.3.4: five consecutive lots accepted on tightened → normal.
      const lastFive = sinceSwitch.slice(-5);
      if (lastFive.length === 5 && lastFive.every(Boolean)) return { ...enter('normal', state, history.slice(-5)), notAcceptedOnTightened: 0 };
      return { ...state, notAcceptedOnTightened };
    }
    case 'reduced':
      // 9.3.4: a lot not accepted (or production irregular) on reduced → normal.
      if (!lot.accepted || lot.productionSteady === false) return enter('normal', state, [lot.lotId]);
      return { ...state };
  }
}

/** 9.4: after the supplier's corrective action, inspection resumes on tightened. */
export function resumeInspection(state: SwitchingState): SwitchingState {
  if (state.severity !== 'discontinued') return state;
  return { ...enter('tightened', state, []), notAcceptedOnTightened: 0 };
}
