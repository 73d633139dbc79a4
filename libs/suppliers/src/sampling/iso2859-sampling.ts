// Reading the ISO 2859-1 tables: the code letter for a lot, and the single sampling plan to apply,
// the printed arrows followed to the plan they point at (whose own sample size is then used).
import {
  CODE_LETTERS,
  CODE_LETTER_TABLE,
  CodeLetter,
  InspectionLevel,
  LOT_SIZE_UPPER_BOUNDS,
  PREFERRED_AQLS,
  PRINTED_TABLES,
  SAMPLE_SIZES,
  Severity,
} from './iso2859-tables';

/** The largest lot the service takes: beyond any receipt a plant makes, rejects typos of 10^x. */
export const MAX_LOT_SIZE = 100_000_000;

export interface SamplingPlan {
  /** The letter of Table I for the lot. */
  codeLetter: CodeLetter;
  /** The letter of the row whose plan applies once the arrows are followed. */
  planCodeLetter: CodeLetter;
  sampleSize: number;
  acceptNumber: number;
  rejectNumber: number;
  /** True when the plan's sample is the whole lot (ISO 2859-1 10.1: 100 % inspection). */
  hundredPercent: boolean;
}

export function isPreferredAql(aql: number): boolean {
  return PREFERRED_AQLS.some((preferred) => preferred === aql);
}

export function aqlColumn(aql: number): number {
  const column = PREFERRED_AQLS.findIndex((preferred) => preferred === aql);
  if (column < 0) throw new RangeError(`${aql} is not a preferred AQL`);
  return column;
}

export function codeLetterFor(lotSize: number, level: InspectionLevel): CodeLetter {
  if (!Number.isInteger(lotSize) || lotSize < 2 || lotSize > MAX_LOT_SIZE) {
    throw new RangeError(`lot size ${lotSize} is outside 2…${MAX_LOT_SIZE}`);
  }
  const band = LOT_SIZE_UPPER_BOUNDS.findIndex((upper) => lotSize <= upper);
  return CODE_LETTER_TABLE[level][band] as CodeLetter;
}

/** The printed cell of a table, as its token (`Ac/Re`, `v`, `^` or `.`). */
export function printedCell(severity: Severity, codeLetter: CodeLetter, aql: number): string {
  const row = PRINTED_TABLES[severity][CODE_LETTERS.indexOf(codeLetter)];
  if (row === undefined) throw new RangeError(`no row ${codeLetter} in the ${severity} table`);
  return row.split(' ')[aqlColumn(aql)];
}

/** The plan a cell stands for, arrows followed to the first plan below (v) or above (^). */
export function tablePlan(
  severity: Severity,
  codeLetter: CodeLetter,
  aql: number,
): { planCodeLetter: CodeLetter; sampleSize: number; acceptNumber: number; rejectNumber: number } {
  const rows = PRINTED_TABLES[severity];
  const column = aqlColumn(aql);
  let index = CODE_LETTERS.indexOf(codeLetter);
  const first = rows[index]?.split(' ')[column];
  if (first === undefined || first === '.') throw new RangeError(`no cell ${codeLetter}/${aql}`);
  const step = first === 'v' ? 1 : first === '^' ? -1 : 0;
  let token = first;
  while (token === 'v' || token === '^') {
    index += step;
    token = rows[index]?.split(' ')[column] ?? '.';
    if (token === '.' || (token !== step2token(step) && !token.includes('/'))) {
      throw new RangeError(`the arrow at ${codeLetter}/${aql} (${severity}) leads to no plan`);
    }
  }
  const [acceptNumber, rejectNumber] = token.split('/').map(Number);
  const planCodeLetter = CODE_LETTERS[index];
  const sampleSize = SAMPLE_SIZES[severity][planCodeLetter];
  if (sampleSize === undefined) throw new RangeError(`no sample size for ${planCodeLetter}`);
  return { planCodeLetter, sampleSize, acceptNumber, rejectNumber };
}

function step2token(step: number): string {
  return step > 0 ? 'v' : '^';
}

export function samplingPlan(input: { lotSize: number; inspectionLevel: InspectionLevel; aql: number; severity: Severity }): SamplingPlan {
  const codeLetter = codeLetterFor(input.lotSize, input.inspectionLevel);
  const plan = tablePlan(input.severity, codeLetter, input.aql);
  // ISO 2859-1 10.1: when the sample size equals or exceeds the lot size, inspect every item.
  const hundredPercent = plan.sampleSize >= input.lotSize;
  return {
    codeLetter,
    ...plan,
    sampleSize: hundredPercent ? input.lotSize : plan.sampleSize,
    hundredPercent,
  };
}

/** The acceptance number of the plan one AQL step tighter, same code letter and table (9.3.3.2). */
export function tighterAcceptNumber(severity: Severity, codeLetter: CodeLetter, aql: number): number | undefined {
  const column = aqlColumn(aql);
  if (column === 0) return undefined;
  const tighter = tablePlan(severity, codeLetter, PREFERRED_AQLS[column - 1]);
  return tighter.acceptNumber;
}
