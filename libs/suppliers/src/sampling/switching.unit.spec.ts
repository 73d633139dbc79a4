import { InspectedLot, SwitchingState, applyInspectedLot, initialSwitchingState, nextSwitchingScore, resumeInspection } from './switching';

// Lots are written as letters: a = accepted, r = not accepted; with Ac = 1 unless a test says so.
let counter = 0;
const lot = (accepted: boolean, overrides: Partial<InspectedLot> = {}): InspectedLot => ({
  lotId: `L${++counter}`,
  accepted,
  acceptNumber: 1,
  acceptedOneStepTighter: accepted,
  ...overrides,
});
const run = (sequence: string, from: SwitchingState = initialSwitchingState(), overrides: Partial<InspectedLot> = {}) =>
  [...sequence].reduce((state, mark) => applyInspectedLot(state, lot(mark === 'a', overrides)), from);

describe('ISO 2859-1:1999 §9.3 switching between normal, tightened and reduced inspection', () => {
  describe('normal → tightened (9.3.2: 2 of 5 or fewer consecutive lots not accepted)', () => {
    it('switches when the second not-accepted lot is within five consecutive lots', () => {
      expect(run('raaar').severity).toBe('tightened');
      expect(run('rr').severity).toBe('tightened');
    });
    it('just fails to switch when the two not-accepted lots are six lots apart', () => {
      expect(run('raaaar').severity).toBe('normal');
    });
    it('reports the lots that drove the switch', () => {
      counter = 0;
      expect(run('aaraar').history).toEqual(['L2', 'L3', 'L4', 'L5', 'L6']);
    });
    it('keeps the last 30 lots as history while it stays on normal', () => {
      counter = 0;
      // Ac 2 and not accepted one step tighter: the score resets each time, so normal holds.
      const state = run('a'.repeat(41), initialSwitchingState(), { acceptNumber: 2, acceptedOneStepTighter: false });
      expect(state.severity).toBe('normal');
      expect(state.history).toEqual(Array.from({ length: 30 }, (_, i) => `L${i + 12}`));
    });
  });

  describe('tightened → normal (9.3.4: 5 consecutive lots accepted)', () => {
    const tightened = () => run('rr');
    it('returns to normal after five consecutive accepted lots', () => {
      expect(run('aaaaa', tightened()).severity).toBe('normal');
    });
    it('just fails to after four accepted lots, or five broken by one not accepted', () => {
      expect(run('aaaa', tightened()).severity).toBe('tightened');
      expect(run('aaaraaaa', tightened()).severity).toBe('tightened');
    });
    it('enters normal with a switching score of 0', () => {
      expect(run('aaaaa', tightened()).switchingScore).toBe(0);
    });
  });

  describe('normal → reduced (9.3.3: switching score reaches 30, production steady)', () => {
    it('switches on the lot that brings the score to 30 (15 lots accepted with Ac 0 or 1, +2 each)', () => {
      expect(run('a'.repeat(14)).severity).toBe('normal');
      expect(run('a'.repeat(14)).switchingScore).toBe(28);
      expect(run('a'.repeat(15)).severity).toBe('reduced');
    });
    it('switches after 10 lots accepted one step tighter when Ac ≥ 2 (+3 each)', () => {
      expect(run('a'.repeat(9), initialSwitchingState(), { acceptNumber: 2 }).switchingScore).toBe(27);
      expect(run('a'.repeat(10), initialSwitchingState(), { acceptNumber: 2 }).severity).toBe('reduced');
    });
    it('does not switch while production is not steady, though the score is 30', () => {
      const state = run('a'.repeat(15), initialSwitchingState(), { productionSteady: false });
      expect(state.severity).toBe('normal');
      expect(state.switchingScore).toBe(30);
    });
  });

  describe('the switching score (9.3.3.2)', () => {
    it('Ac ≥ 2: +3 when the lot would also pass one AQL step tighter, otherwise reset to 0 — even though accepted', () => {
      expect(nextSwitchingScore(12, lot(true, { acceptNumber: 3, acceptedOneStepTighter: true }))).toBe(15);
      expect(nextSwitchingScore(12, lot(true, { acceptNumber: 3, acceptedOneStepTighter: false }))).toBe(0);
      expect(nextSwitchingScore(12, lot(false, { acceptNumber: 3, acceptedOneStepTighter: false }))).toBe(0);
    });
    it('Ac 0 or 1: +2 when the lot is accepted, otherwise reset to 0', () => {
      expect(nextSwitchingScore(4, lot(true, { acceptNumber: 0 }))).toBe(6);
      expect(nextSwitchingScore(4, lot(true, { acceptNumber: 1 }))).toBe(6);
      expect(nextSwitchingScore(4, lot(false, { acceptNumber: 1 }))).toBe(0);
    });
    it('follows a long crafted sequence lot by lot', () => {
      // Ac of the plan, accepted, accepted one step tighter → expected score after the lot.
      const steps: Array<[number, boolean, boolean, number]> = [
        [1, true, true, 2],
        [1, true, true, 4],
        [2, true, true, 7],
        [2, true, false, 0],
        [3, true, true, 3],
        [3, true, true, 6],
        [0, true, true, 8],
        [1, false, false, 0],
        [2, true, true, 3],
        [2, true, true, 6],
        [2, true, true, 9],
        [1, true, true, 11],
        [5, true, true, 14],
        [5, true, false, 0],
        [0, true, true, 2],
        [0, true, true, 4],
        [3, true, true, 7],
        [3, true, true, 10],
        [3, true, true, 13],
        [3, true, true, 16],
        [1, true, true, 18],
        [1, true, true, 20],
        [2, true, true, 23],
        [2, true, true, 26],
        [1, true, true, 28],
      ];
      let state = initialSwitchingState();
      steps.forEach(([acceptNumber, accepted, tighter, expected], i) => {
        // The not-accepted lot at step 8 is a single one: no second within five, so normal holds.
        state = applyInspectedLot(state, lot(accepted, { acceptNumber, acceptedOneStepTighter: tighter }));
        expect({ step: i + 1, score: state.switchingScore, severity: state.severity }).toEqual({ step: i + 1, score: expected, severity: 'normal' });
      });
      state = applyInspectedLot(state, lot(true, { acceptNumber: 2, acceptedOneStepTighter: true }));
      expect(state.severity).toBe('reduced');
    });
  });

  describe('reduced → normal (9.3.4: a lot not accepted, or production irregular)', () => {
    const reduced = () => run('a'.repeat(15));
    it('returns to normal on a lot not accepted', () => {
      expect(run('aaar', reduced()).severity).toBe('normal');
    });
    it('returns to normal when production becomes irregular', () => {
      expect(run('a', reduced(), { productionSteady: false }).severity).toBe('normal');
    });
    it('just fails to while every lot is accepted', () => {
      expect(run('a'.repeat(40), reduced()).severity).toBe('reduced');
    });
  });

  describe('discontinuation (9.4: 5 lots not accepted on tightened)', () => {
    const tightened = () => run('rr');
    it('discontinues on the fifth lot not accepted while on tightened', () => {
      expect(run('rarrarr', tightened()).severity).toBe('discontinued');
    });
    it('just fails to on the fourth', () => {
      expect(run('rarrar', tightened()).severity).toBe('tightened');
    });
    it('counts afresh after tightened returned to normal and came back', () => {
      const back = run('rrrr' + 'aaaaa' + 'rr', tightened());
      expect(back.severity).toBe('tightened');
      expect(back.notAcceptedOnTightened).toBe(0);
      expect(run('rrrr', back).severity).toBe('tightened');
    });
    it('ignores further lots until resumed, then resumes on tightened', () => {
      const stopped = run('rrrrr', tightened());
      expect(run('aaaaaaa', stopped).severity).toBe('discontinued');
      const resumed = resumeInspection(stopped);
      expect(resumed).toMatchObject({ severity: 'tightened', notAcceptedOnTightened: 0 });
      expect(run('aaaaa', resumed).severity).toBe('normal');
    });
  });

  it('a long crafted sequence: normal → tightened → normal → reduced → normal', () => {
    const states: string[] = [];
    let state = initialSwitchingState();
    for (const mark of 'arar' + 'aaaaa' + 'a'.repeat(15) + 'aar') {
      state = applyInspectedLot(state, lot(mark === 'a'));
      if (states[states.length - 1] !== state.severity) states.push(state.severity);
    }
    expect(states).toEqual(['normal', 'tightened', 'normal', 'reduced', 'normal']);
  });
});
