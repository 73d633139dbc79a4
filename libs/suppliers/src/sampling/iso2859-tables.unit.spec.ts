import { CODE_LETTERS, CodeLetter, PREFERRED_AQLS, PRINTED_TABLES, SEVERITIES, Severity } from './iso2859-tables';
import { codeLetterFor, isPreferredAql, printedCell, samplingPlan, tablePlan, tighterAcceptNumber } from './iso2859-sampling';

// An independent description of the printed Tables II-A/B/C (MIL-STD-105E = ISO 2859-1 Tables 2-A/B/C):
// each table is a band of diagonals. Number the rows A=0 … and the AQL columns 0.010=0 … 1000=25; a
// cell on diagonal d = row + column holds the band's plan for d, an arrow down below the band's start,
// and an arrow up past the column's last plan (21/22 is the largest up to AQL 100, 30/31 at 150,
// 44/45 from 250 on; likewise 18/19, 27/28, 41/42 tightened and 10/13, 14/17, 21/24 reduced).
const BAND: Record<Severity, { start: number; plans: Record<number, string>; up: number[]; down: number[] }> = {
  normal: {
    start: 14,
    plans: { 14: '0/1', 17: '1/2', 18: '2/3', 19: '3/4', 20: '5/6', 21: '7/8', 22: '10/11', 23: '14/15', 24: '21/22', 25: '30/31', 26: '44/45' },
    up: [15],
    down: [16],
  },
  tightened: {
    start: 15,
    plans: { 15: '0/1', 18: '1/2', 19: '2/3', 20: '3/4', 21: '5/6', 22: '8/9', 23: '12/13', 24: '18/19', 25: '27/28', 26: '41/42' },
    up: [],
    down: [16, 17],
  },
  reduced: {
    start: 14,
    plans: { 14: '0/1', 17: '0/2', 18: '1/3', 19: '1/4', 20: '2/5', 21: '3/6', 22: '5/8', 23: '7/10', 24: '10/13', 25: '14/17', 26: '21/24' },
    up: [15],
    down: [16],
  },
};
const lastDiagonal = (column: number) => (column <= 20 ? 24 : column === 21 ? 25 : 26);

function expectedToken(severity: Severity, row: number, column: number): string {
  const band = BAND[severity];
  const d = row + column;
  const lastRow = 15; // R: the last row Table I maps a lot to
  if (severity === 'tightened' && row === 16) return column === 2 ? '1/2' : '.';
  if (d > lastDiagonal(column)) return '^';
  if (band.plans[d]) {
    // Tightened row A has no 0/1 plan: its cell on that diagonal points down (A at AQL 10).
    if (severity === 'tightened' && row === 0 && d === 15) return 'v';
    return band.plans[d];
  }
  if (d < band.start) return 'v';
  // An arrow that would leave the table turns the other way: up-arrows in row A point down,
  // down-arrows in row R point up — except R at 0.025 tightened, which points down to row S.
  if (band.up.includes(d)) return row === 0 ? 'v' : '^';
  if (row === lastRow && !(severity === 'tightened' && column === 2)) return '^';
  return 'v';
}

describe('ISO 2859-1 single sampling tables (transcribed from MIL-STD-105E Tables II-A, II-B, II-C)', () => {
  it.each(SEVERITIES)('every printed cell of the %s table matches the band description of the printed table', (severity) => {
    const rows = PRINTED_TABLES[severity];
    expect(rows).toHaveLength(severity === 'tightened' ? 17 : 16);
    const mismatches: string[] = [];
    rows.forEach((line, row) => {
      const cells = line.split(' ');
      expect(cells).toHaveLength(26);
      cells.forEach((cell, column) => {
        const expected = expectedToken(severity, row, column);
        if (cell !== expected) mismatches.push(`${CODE_LETTERS[row]}/${PREFERRED_AQLS[column]}: ${cell} ≠ ${expected}`);
      });
    });
    expect(mismatches).toEqual([]);
  });

  it.each(SEVERITIES)('every arrow of the %s table leads to a plan whose Re is Ac + 1 (normal, tightened) or within the reduced gap', (severity) => {
    for (const letter of CODE_LETTERS.filter((l) => l !== 'S')) {
      for (const aql of PREFERRED_AQLS) {
        const plan = tablePlan(severity, letter, aql);
        expect(plan.sampleSize).toBeGreaterThan(0);
        if (severity === 'reduced') expect(plan.rejectNumber - plan.acceptNumber).toBeGreaterThanOrEqual(1);
        else expect(plan.rejectNumber).toBe(plan.acceptNumber + 1);
      }
    }
  });

  it('the plan reached through an arrow carries its own sample size, not the row it started from', () => {
    expect(printedCell('normal', 'J', 0.4)).toBe('v');
    expect(tablePlan('normal', 'J', 0.4)).toEqual({ planCodeLetter: 'K', sampleSize: 125, acceptNumber: 1, rejectNumber: 2 });
    expect(printedCell('normal', 'J', 0.25)).toBe('^');
    expect(tablePlan('normal', 'J', 0.25)).toEqual({ planCodeLetter: 'H', sampleSize: 50, acceptNumber: 0, rejectNumber: 1 });
  });

  // Second source: the R package AQLSchemes (J. Lawson), its single-sampling matrices as carried in the
  // public repository fjgonzalezmgt/AQLSchemesCust (R/AAZ14Single.R), which hold each cell with the
  // arrows already followed: [n, Ac, Re]. 60 cells over the three tables, corners and arrow edges included.
  const secondSource: Array<[Severity, CodeLetter, number, number, number, number]> = [
    ['normal', 'A', 0.01, 1250, 0, 1],
    ['normal', 'A', 6.5, 2, 0, 1],
    ['normal', 'A', 10, 5, 1, 2],
    ['normal', 'A', 15, 3, 1, 2],
    ['normal', 'A', 25, 2, 1, 2],
    ['normal', 'A', 1000, 2, 30, 31],
    ['normal', 'B', 1000, 3, 44, 45],
    ['normal', 'C', 1000, 3, 44, 45],
    ['normal', 'R', 0.01, 1250, 0, 1],
    ['normal', 'R', 0.015, 800, 0, 1],
    ['normal', 'R', 0.025, 2000, 1, 2],
    ['normal', 'K', 1, 125, 3, 4],
    ['normal', 'L', 1, 200, 5, 6],
    ['normal', 'R', 1, 1250, 21, 22],
    ['normal', 'K', 10, 125, 21, 22],
    ['normal', 'K', 15, 80, 21, 22],
    ['normal', 'J', 0.1, 125, 0, 1],
    ['normal', 'J', 0.15, 80, 0, 1],
    ['normal', 'J', 0.25, 50, 0, 1],
    ['normal', 'J', 0.4, 125, 1, 2],
    ['normal', 'G', 2.5, 32, 2, 3],
    ['normal', 'E', 6.5, 13, 2, 3],
    ['normal', 'E', 400, 8, 44, 45],
    ['normal', 'F', 100, 13, 21, 22],
    ['tightened', 'A', 6.5, 3, 0, 1],
    ['tightened', 'A', 10, 8, 1, 2],
    ['tightened', 'A', 15, 5, 1, 2],
    ['tightened', 'A', 25, 3, 1, 2],
    ['tightened', 'A', 40, 2, 1, 2],
    ['tightened', 'A', 1000, 2, 27, 28],
    ['tightened', 'B', 1000, 3, 41, 42],
    ['tightened', 'R', 0.01, 2000, 0, 1],
    ['tightened', 'R', 0.015, 1250, 0, 1],
    ['tightened', 'R', 0.025, 3150, 1, 2],
    ['tightened', 'R', 0.04, 2000, 1, 2],
    ['tightened', 'K', 1, 125, 2, 3],
    ['tightened', 'M', 1, 315, 5, 6],
    ['tightened', 'N', 1, 500, 8, 9],
    ['tightened', 'C', 4, 5, 0, 1],
    ['tightened', 'C', 6.5, 13, 1, 2],
    ['tightened', 'Q', 1, 1250, 18, 19],
    ['tightened', 'Q', 0.025, 3150, 1, 2],
    ['reduced', 'A', 6.5, 2, 0, 1],
    ['reduced', 'B', 6.5, 2, 0, 1],
    ['reduced', 'C', 6.5, 3, 0, 2],
    ['reduced', 'A', 10, 2, 0, 2],
    ['reduced', 'A', 15, 2, 0, 2],
    ['reduced', 'C', 10, 2, 0, 2],
    ['reduced', 'D', 10, 3, 1, 3],
    ['reduced', 'E', 10, 5, 1, 4],
    ['reduced', 'K', 10, 50, 10, 13],
    ['reduced', 'L', 10, 50, 10, 13],
    ['reduced', 'R', 0.01, 500, 0, 1],
    ['reduced', 'R', 0.015, 315, 0, 1],
    ['reduced', 'R', 0.025, 800, 0, 2],
    ['reduced', 'R', 0.04, 800, 1, 3],
    ['reduced', 'R', 0.065, 800, 1, 4],
    ['reduced', 'K', 1, 50, 1, 4],
    ['reduced', 'J', 1, 32, 1, 3],
    ['reduced', 'G', 1, 20, 0, 2],
  ];
  it.each(secondSource)('%s %s at AQL %s is n=%i, Ac=%i, Re=%i in the second source too', (severity, letter, aql, n, ac, re) => {
    const plan = tablePlan(severity, letter, aql);
    expect([plan.sampleSize, plan.acceptNumber, plan.rejectNumber]).toEqual([n, ac, re]);
  });
  it('cross-checks at least 40 cells against the second source', () => {
    expect(secondSource.length).toBeGreaterThanOrEqual(40);
  });
});

describe('ISO 2859-1 Table 1: sample size code letters', () => {
  // Transcribed per lot-size band from MIL-STD-105E Table I; every band × level is checked.
  const bands: Array<[number, number, string]> = [
    [2, 8, 'A A A A A A B'],
    [9, 15, 'A A A A A B C'],
    [16, 25, 'A A B B B C D'],
    [26, 50, 'A B B C C D E'],
    [51, 90, 'B B C C C E F'],
    [91, 150, 'B B C D D F G'],
    [151, 280, 'B C D E E G H'],
    [281, 500, 'B C D E F H J'],
    [501, 1200, 'C C E F G J K'],
    [1201, 3200, 'C D E G H K L'],
    [3201, 10000, 'C D F G J L M'],
    [10001, 35000, 'C D F H K M N'],
    [35001, 150000, 'D E G J L N P'],
    [150001, 500000, 'D E G J M P Q'],
    [500001, 100_000_000, 'D E H K N Q R'],
  ];
  const levels = ['S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'] as const;
  it.each(bands)('lots of %i to %i take the letters %s (S-1 … III) at both ends of the band', (low, high, letters) => {
    levels.forEach((level, i) => {
      expect(codeLetterFor(low, level)).toBe(letters.split(' ')[i]);
      expect(codeLetterFor(high, level)).toBe(letters.split(' ')[i]);
    });
  });
  it('refuses a lot of 0, 1, a fraction or an absurd size', () => {
    for (const size of [0, 1, 2.5, -3, 100_000_001, Number.NaN]) expect(() => codeLetterFor(size, 'II')).toThrow(RangeError);
  });
});

describe('sampling plans as an inspector reads them', () => {
  it('a lot of 1000 at level II, AQL 1.0, normal: letter J, 80 pieces, Ac 2, Re 3', () => {
    expect(samplingPlan({ lotSize: 1000, inspectionLevel: 'II', aql: 1, severity: 'normal' })).toEqual({
      codeLetter: 'J',
      planCodeLetter: 'J',
      sampleSize: 80,
      acceptNumber: 2,
      rejectNumber: 3,
      hundredPercent: false,
    });
  });
  it('a sample as large as the lot means 100 % inspection of the lot', () => {
    const plan = samplingPlan({ lotSize: 10, inspectionLevel: 'II', aql: 0.1, severity: 'normal' });
    expect(plan).toMatchObject({ hundredPercent: true, sampleSize: 10, acceptNumber: 0, rejectNumber: 1 });
  });
  it('knows the preferred AQL values and no others', () => {
    expect(isPreferredAql(0.65)).toBe(true);
    expect(isPreferredAql(0.5)).toBe(false);
    expect(isPreferredAql(2)).toBe(false);
  });
  it('reads the acceptance number one AQL step tighter from the same row', () => {
    expect(tighterAcceptNumber('normal', 'K', 1)).toBe(2);
    expect(tighterAcceptNumber('normal', 'K', 0.01)).toBeUndefined();
  });
});
