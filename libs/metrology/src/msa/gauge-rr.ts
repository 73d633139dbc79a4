/**
 * Gauge repeatability and reproducibility (gauge R&R) of a crossed study, after AIAG "Measurement
 * Systems Analysis", 4th edition (2010), chapter III section B: every part is measured by every
 * appraiser the same number of times.
 *
 * Glossary: EV (equipment variation, repeatability) — spread of one appraiser measuring one part
 * again and again; AV (appraiser variation, reproducibility) — spread between appraisers' averages;
 * GRR — both together; PV — part-to-part variation; TV — total; ndc — number of distinct categories
 * the gauge can tell the parts apart into.
 *
 * F tests (AIAG and Minitab differ for the main effects): parts and appraisers are random samples,
 * so by the expected mean squares of the random two-way model the part and appraiser mean squares
 * carry the interaction term; they are tested against the interaction mean square (as Minitab does,
 * and as the AIAG 4th edition worked example's F values of 79.41 and 492.29 show). The interaction
 * is tested against repeatability. Texts that read the model as fixed test the main effects against
 * repeatability instead; we do not, because that overstates significance whenever there is
 * interaction. When the interaction's p exceeds 0.05 it is pooled into repeatability and the main
 * effects are then tested against the pooled error (the table after pooling is in the answer).
 */
import { fUpperTail, rangeMoments } from './distributions';

export interface MsaMeasurement {
  part: string;
  appraiser: string;
  trial: number;
  value: number;
}

export interface Limits {
  lsl?: number | null;
  usl?: number | null;
}

export type GaugeVerdict = 'acceptable' | 'conditional' | 'unacceptable';
export type VerdictBasis = 'tolerance' | 'study-variation';

export interface AverageRangeResult {
  rbarbar: number;
  xdiff: number;
  rp: number;
  uclR: number;
  rangesAboveUcl: { appraiser: string; part: string; range: number }[];
  ev: number;
  av: number;
  grr: number;
  pv: number;
  tv: number;
  pctEv: number;
  pctAv: number;
  pctGrr: number;
  pctPv: number;
  pctTolerance?: { ev: number; av: number; grr: number; pv: number };
  ndc: number | null;
  appraiserAverages: { appraiser: string; average: number; averageRange: number }[];
  partAverages: { part: string; average: number }[];
}

export interface AnovaRow {
  source: 'part' | 'appraiser' | 'part × appraiser' | 'repeatability' | 'total';
  df: number;
  ss: number;
  ms?: number;
  f?: number;
  p?: number;
}

export interface AnovaResult {
  table: AnovaRow[];
  interactionPooled: boolean;
  /** The table after the interaction was pooled into repeatability (present when interactionPooled). */
  pooledTable?: AnovaRow[];
  variance: { repeatability: number; reproducibility: number; appraiser: number; interaction: number; grr: number; part: number; total: number };
  pctContribution: { repeatability: number; reproducibility: number; grr: number; part: number };
  pctStudyVariation: { repeatability: number; reproducibility: number; grr: number; part: number };
  pctTolerance?: { repeatability: number; reproducibility: number; grr: number; part: number };
  ndc: number | null;
}

export interface GaugeRrResult {
  parts: number;
  appraisers: number;
  trials: number;
  averageRange: AverageRangeResult;
  anova: AnovaResult;
  verdict: GaugeVerdict;
  verdictBasis: VerdictBasis;
  /** Which figures the verdict was read from, in words. */
  verdictReasons: string[];
}

export interface UnbalancedDesign {
  unbalanced: true;
  missing: { part: string; appraiser: string; trial: number }[];
  duplicated: { part: string; appraiser: string; trial: number }[];
}

export const isUnbalanced = (value: GaugeRrResult | UnbalancedDesign): value is UnbalancedDesign => 'unbalanced' in value;

/** A crossed design laid out as cells[part][appraiser][trial]. */
export interface CrossedDesign {
  parts: string[];
  appraisers: string[];
  trials: number[];
  cells: number[][][];
}

/** Every part × appraiser × trial exactly once, or what is missing and what is there twice. */
export function layOutCrossed(measurements: readonly MsaMeasurement[]): CrossedDesign | UnbalancedDesign {
  const parts = [...new Set(measurements.map((m) => m.part))];
  const appraisers = [...new Set(measurements.map((m) => m.appraiser))];
  const trials = [...new Set(measurements.map((m) => m.trial))].sort((a, b) => a - b);
  const seen = new Map<string, number>();
  const duplicated: UnbalancedDesign['duplicated'] = [];
  for (const m of measurements) {
    const key = JSON.stringify([m.part, m.appraiser, m.trial]);
    if (seen.has(key)) duplicated.push({ part: m.part, appraiser: m.appraiser, trial: m.trial });
    else seen.set(key, m.value);
  }
  const missing: UnbalancedDesign['missing'] = [];
  const cells = parts.map((part) =>
    appraisers.map((appraiser) =>
      trials.map((trial) => {
        const value = seen.get(JSON.stringify([part, appraiser, trial]));
        if (value === undefined) missing.push({ part, appraiser, trial });
        return value ?? Number.NaN;
      }),
    ),
  );
  if (missing.length > 0 || duplicated.length > 0) return { unbalanced: true, missing, duplicated };
  return { parts, appraisers, trials, cells };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const mean = (values: readonly number[]): number => sum(values) / values.length;
const range = (values: readonly number[]): number => Math.max(...values) - Math.min(...values);
const percentOf = (part: number, whole: number): number => (whole > 0 ? (100 * part) / whole : 0);
/** ndc = ⌊1.41 · σ_part / σ_GRR⌋ (AIAG truncates); null for a gauge with no measurable variation at all. */
const distinctCategories = (part: number, grr: number): number | null => (grr > 0 ? Math.floor((1.41 * part) / grr) : null);

/**
 * D4 for the range chart of the trials. AIAG's data-collection form prints 3.27 (2 trials) and
 * 2.58 (3 trials); other trial counts use 1 + 3·d3/d2.
 */
function rangeChartD4(trials: number): number {
  if (trials === 2) return 3.27;
  if (trials === 3) return 2.58;
  const { d2, d3 } = rangeMoments(trials);
  return 1 + (3 * d3) / d2;
}

/**
 * AIAG's K factors are 1/d2 (K1, many ranges of `trials` values) and 1/d2*(m, 1) (K2 and K3, one
 * range of m appraiser or part averages); AIAG prints them to four digits (0.8862, 0.5908; 0.7071,
 * 0.5231; 0.3146 for 10 parts), which these unrounded values agree with.
 */
const k1 = (trials: number): number => 1 / rangeMoments(trials).d2;
const kSingleRange = (m: number): number => 1 / rangeMoments(m).d2StarSingle;

function averageAndRange(design: CrossedDesign, tolerance: number | null): AverageRangeResult {
  const { parts, appraisers, trials, cells } = design;
  const n = parts.length;
  const r = trials.length;
  const appraiserAverages = appraisers.map((appraiser, a) => ({
    appraiser,
    average: mean(cells.flatMap((byAppraiser) => byAppraiser[a])),
    averageRange: mean(cells.map((byAppraiser) => range(byAppraiser[a]))),
  }));
  const partAverages = parts.map((part, p) => ({ part, average: mean(cells[p].flat()) }));
  const rbarbar = mean(appraiserAverages.map((a) => a.averageRange));
  const xdiff = appraisers.length > 1 ? range(appraiserAverages.map((a) => a.average)) : 0;
  const rp = range(partAverages.map((p) => p.average));
  const uclR = rbarbar * rangeChartD4(r);
  const rangesAboveUcl = appraisers.flatMap((appraiser, a) =>
    parts.map((part, p) => ({ appraiser, part, range: range(cells[p][a]) })).filter((cell) => cell.range > uclR),
  );
  const ev = rbarbar * k1(r);
  const av = appraisers.length > 1 ? Math.sqrt(Math.max(0, (xdiff * kSingleRange(appraisers.length)) ** 2 - (ev * ev) / (n * r))) : 0;
  const grr = Math.hypot(ev, av);
  const pv = rp * kSingleRange(n);
  const tv = Math.hypot(grr, pv);
  const result: AverageRangeResult = {
    rbarbar,
    xdiff,
    rp,
    uclR,
    rangesAboveUcl,
    ev,
    av,
    grr,
    pv,
    tv,
    pctEv: percentOf(ev, tv),
    pctAv: percentOf(av, tv),
    pctGrr: percentOf(grr, tv),
    pctPv: percentOf(pv, tv),
    ndc: distinctCategories(pv, grr),
    appraiserAverages,
    partAverages,
  };
  if (tolerance !== null) {
    result.pctTolerance = {
      ev: percentOf(6 * ev, tolerance),
      av: percentOf(6 * av, tolerance),
      grr: percentOf(6 * grr, tolerance),
      pv: percentOf(6 * pv, tolerance),
    };
  }
  return result;
}

const INTERACTION_POOLING_ALPHA = 0.05;

function anova(design: CrossedDesign, tolerance: number | null): AnovaResult {
  const { parts, appraisers, trials, cells } = design;
  const p = parts.length;
  const o = appraisers.length;
  const r = trials.length;
  const all = cells.flat(2);
  const grand = mean(all);
  const partMeans = cells.map((byAppraiser) => mean(byAppraiser.flat()));
  const appraiserMeans = appraisers.map((_, a) => mean(cells.flatMap((byAppraiser) => byAppraiser[a])));
  const cellMeans = cells.map((byAppraiser) => byAppraiser.map(mean));
  const ssTotal = sum(all.map((x) => (x - grand) ** 2));
  const ssPart = o * r * sum(partMeans.map((m) => (m - grand) ** 2));
  const ssAppraiser = p * r * sum(appraiserMeans.map((m) => (m - grand) ** 2));
  const ssCells = r * sum(cellMeans.flat().map((m) => (m - grand) ** 2));
  const ssInteraction = Math.max(0, ssCells - ssPart - ssAppraiser);
  const ssError = sum(cells.flatMap((byAppraiser, i) => byAppraiser.flatMap((values, a) => values.map((x) => (x - cellMeans[i][a]) ** 2))));
  const dfPart = p - 1;
  const dfAppraiser = o - 1;
  const dfInteraction = (p - 1) * (o - 1);
  const dfError = p * o * (r - 1);
  const msPart = ssPart / dfPart;
  const msError = ssError / dfError;
  const test = (ms: number, df: number, msDenominator: number, dfDenominator: number): { f?: number; p?: number } => {
    if (!(msDenominator > 0)) return {};
    const f = ms / msDenominator;
    return { f, p: fUpperTail(f, df, dfDenominator) };
  };
  const totalRow: AnovaRow = { source: 'total', df: p * o * r - 1, ss: ssTotal };

  if (o === 1) {
    // One appraiser: no reproducibility, the model is part + repeatability.
    const table: AnovaRow[] = [
      { source: 'part', df: dfPart, ss: ssPart, ms: msPart, ...test(msPart, dfPart, msError, dfError) },
      { source: 'repeatability', df: dfError, ss: ssError, ms: msError },
      totalRow,
    ];
    return components(table, false, undefined, msError, 0, 0, Math.max(0, (msPart - msError) / r), tolerance);
  }

  const msAppraiser = ssAppraiser / dfAppraiser;
  const msInteraction = ssInteraction / dfInteraction;
  const interactionTest = test(msInteraction, dfInteraction, msError, dfError);
  const table: AnovaRow[] = [
    { source: 'part', df: dfPart, ss: ssPart, ms: msPart, ...test(msPart, dfPart, msInteraction, dfInteraction) },
    { source: 'appraiser', df: dfAppraiser, ss: ssAppraiser, ms: msAppraiser, ...test(msAppraiser, dfAppraiser, msInteraction, dfInteraction) },
    { source: 'part × appraiser', df: dfInteraction, ss: ssInteraction, ms: msInteraction, ...interactionTest },
    { source: 'repeatability', df: dfError, ss: ssError, ms: msError },
    totalRow,
  ];
  // No error variance at all (every trial identical) leaves the interaction untestable: keep it.
  const pooled = interactionTest.p !== undefined && interactionTest.p > INTERACTION_POOLING_ALPHA;
  if (pooled) {
    const dfPooled = dfInteraction + dfError;
    const msPooled = (ssInteraction + ssError) / dfPooled;
    const pooledTable: AnovaRow[] = [
      { source: 'part', df: dfPart, ss: ssPart, ms: msPart, ...test(msPart, dfPart, msPooled, dfPooled) },
      { source: 'appraiser', df: dfAppraiser, ss: ssAppraiser, ms: msAppraiser, ...test(msAppraiser, dfAppraiser, msPooled, dfPooled) },
      { source: 'repeatability', df: dfPooled, ss: ssInteraction + ssError, ms: msPooled },
      totalRow,
    ];
    return components(
      table,
      true,
      pooledTable,
      msPooled,
      Math.max(0, (msAppraiser - msPooled) / (p * r)),
      0,
      Math.max(0, (msPart - msPooled) / (o * r)),
      tolerance,
    );
  }
  return components(
    table,
    false,
    undefined,
    msError,
    Math.max(0, (msAppraiser - msInteraction) / (p * r)),
    Math.max(0, (msInteraction - msError) / r),
    Math.max(0, (msPart - msInteraction) / (o * r)),
    tolerance,
  );
}

/** Variance components (negative estimates set to zero, as AIAG and Minitab do) and the percentages derived from them. */
function components(
  table: AnovaRow[],
  interactionPooled: boolean,
  pooledTable: AnovaRow[] | undefined,
  repeatability: number,
  appraiser: number,
  interaction: number,
  part: number,
  tolerance: number | null,
): AnovaResult {
  const reproducibility = appraiser + interaction;
  const grr = repeatability + reproducibility;
  const total = grr + part;
  const sd = { repeatability: Math.sqrt(repeatability), reproducibility: Math.sqrt(reproducibility), grr: Math.sqrt(grr), part: Math.sqrt(part) };
  const sdTotal = Math.sqrt(total);
  const result: AnovaResult = {
    table,
    interactionPooled,
    variance: { repeatability, reproducibility, appraiser, interaction, grr, part, total },
    pctContribution: {
      repeatability: percentOf(repeatability, total),
      reproducibility: percentOf(reproducibility, total),
      grr: percentOf(grr, total),
      part: percentOf(part, total),
    },
    pctStudyVariation: {
      repeatability: percentOf(sd.repeatability, sdTotal),
      reproducibility: percentOf(sd.reproducibility, sdTotal),
      grr: percentOf(sd.grr, sdTotal),
      part: percentOf(sd.part, sdTotal),
    },
    ndc: distinctCategories(sd.part, sd.grr),
  };
  if (pooledTable) result.pooledTable = pooledTable;
  if (tolerance !== null) {
    result.pctTolerance = {
      repeatability: percentOf(6 * sd.repeatability, tolerance),
      reproducibility: percentOf(6 * sd.reproducibility, tolerance),
      grr: percentOf(6 * sd.grr, tolerance),
      part: percentOf(6 * sd.part, tolerance),
    };
  }
  return result;
}

/**
 * AIAG acceptance: %GRR under 10 acceptable, 10 to 30 conditionally acceptable, over 30
 * unacceptable — read from %tolerance when both limits are given, else from %study variation —
 * and ndc of at least 5 (fewer categories cannot tell the parts apart: unacceptable). The figures
 * are the ANOVA ones (the method AIAG calls the more accurate of the two).
 */
function verdictOf(result: AnovaResult): { verdict: GaugeVerdict; verdictBasis: VerdictBasis; verdictReasons: string[] } {
  const verdictBasis: VerdictBasis = result.pctTolerance ? 'tolerance' : 'study-variation';
  const pctGrr = result.pctTolerance ? result.pctTolerance.grr : result.pctStudyVariation.grr;
  const label = verdictBasis === 'tolerance' ? '%GRR of tolerance' : '%GRR of study variation';
  const reasons = [`${label} ${pctGrr.toFixed(2)} (ANOVA)`];
  let verdict: GaugeVerdict = pctGrr < 10 ? 'acceptable' : pctGrr <= 30 ? 'conditional' : 'unacceptable';
  if (result.ndc !== null && result.ndc < 5) {
    verdict = 'unacceptable';
    reasons.push(`ndc ${result.ndc} is below 5`);
  } else {
    reasons.push(result.ndc === null ? 'no gauge variation measured' : `ndc ${result.ndc}`);
  }
  return { verdict, verdictBasis, verdictReasons: reasons };
}

/** Both AIAG methods on a balanced crossed study, or what keeps the design from being balanced. */
export function analyseGaugeRr(measurements: readonly MsaMeasurement[], limits: Limits = {}): GaugeRrResult | UnbalancedDesign {
  const design = layOutCrossed(measurements);
  if ('unbalanced' in design) return design;
  const tolerance = limits.lsl != null && limits.usl != null && limits.usl > limits.lsl ? limits.usl - limits.lsl : null;
  const anovaResult = anova(design, tolerance);
  return {
    parts: design.parts.length,
    appraisers: design.appraisers.length,
    trials: design.trials.length,
    averageRange: averageAndRange(design, tolerance),
    anova: anovaResult,
    ...verdictOf(anovaResult),
  };
}
