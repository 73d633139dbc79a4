/**
 * Published gauge R&R studies used by the tests.
 *
 * AIAG, "Measurement Systems Analysis" reference manual, 4th edition (2010), chapter III section B,
 * the worked average-and-range and ANOVA example: 10 parts × appraisers A, B, C × 3 trials. Copies on
 * the web differ in a few values; this copy was checked by recomputing the manual's own summary
 * figures from it (appraiser averages 0.1903 / 0.0683 / −0.2543, average ranges 0.184 / 0.513 /
 * 0.328, Rp 3.511 and the ANOVA sums of squares 88.3619 / 3.1673 / 0.3590 / 2.7589 / 94.6471), which
 * it reproduces to every printed digit.
 *
 * D. C. Montgomery, "Introduction to Statistical Quality Control", 6th edition, Example 8.7 / 8.8
 * (Table 8.7): 20 parts × 3 operators × 2 measurements, USL 60, LSL 5. Checked the same way against
 * the book's ANOVA sums of squares 1185.425 / 2.617 / 27.050 / 59.500 / 1274.592.
 */
import type { MsaMeasurement } from './gauge-rr';

// trial × part, per appraiser
const AIAG_TRIALS: Record<string, number[][]> = {
  A: [
    [0.29, -0.56, 1.34, 0.47, -0.8, 0.02, 0.59, -0.31, 2.26, -1.36],
    [0.41, -0.68, 1.17, 0.5, -0.92, -0.11, 0.75, -0.2, 1.99, -1.25],
    [0.64, -0.58, 1.27, 0.64, -0.84, -0.21, 0.66, -0.17, 2.01, -1.31],
  ],
  B: [
    [0.08, -0.47, 1.19, 0.01, -0.56, -0.2, 0.47, -0.63, 1.8, -1.68],
    [0.25, -1.22, 0.94, 1.03, -1.2, 0.22, 0.55, 0.08, 2.12, -1.62],
    [0.07, -0.68, 1.34, 0.2, -1.28, 0.06, 0.83, -0.34, 2.19, -1.5],
  ],
  C: [
    [0.04, -1.38, 0.88, 0.14, -1.46, -0.29, 0.02, -0.46, 1.77, -1.49],
    [-0.11, -1.13, 1.09, 0.2, -1.07, -0.67, 0.01, -0.56, 1.45, -1.77],
    [-0.15, -0.96, 0.67, 0.11, -1.45, -0.49, 0.21, -0.49, 1.87, -2.16],
  ],
};

export const AIAG_MSA4_STUDY: MsaMeasurement[] = Object.entries(AIAG_TRIALS).flatMap(([appraiser, byTrial]) =>
  byTrial.flatMap((values, t) => values.map((value, p) => ({ part: `P${p + 1}`, appraiser, trial: t + 1, value }))),
);

// part: operator 1 (m1, m2), operator 2 (m1, m2), operator 3 (m1, m2)
const MONTGOMERY_ROWS: number[][] = [
  [21, 20, 20, 20, 19, 21],
  [24, 23, 24, 24, 23, 24],
  [20, 21, 19, 21, 20, 22],
  [27, 27, 28, 26, 27, 28],
  [19, 18, 19, 18, 18, 21],
  [23, 21, 24, 21, 23, 22],
  [22, 21, 22, 24, 22, 20],
  [19, 17, 18, 20, 19, 18],
  [24, 23, 25, 23, 24, 24],
  [25, 23, 26, 25, 24, 25],
  [21, 20, 20, 20, 21, 20],
  [18, 19, 17, 19, 18, 19],
  [23, 25, 25, 25, 25, 25],
  [24, 24, 23, 25, 24, 25],
  [29, 30, 30, 28, 31, 30],
  [26, 26, 25, 26, 25, 27],
  [20, 20, 19, 20, 20, 20],
  [19, 21, 19, 19, 21, 23],
  [25, 26, 25, 24, 25, 25],
  [19, 19, 18, 17, 19, 17],
];

export const MONTGOMERY_8_7_STUDY: MsaMeasurement[] = MONTGOMERY_ROWS.flatMap((row, p) =>
  row.map((value, k) => ({ part: `${p + 1}`, appraiser: `operator-${Math.floor(k / 2) + 1}`, trial: (k % 2) + 1, value })),
);
