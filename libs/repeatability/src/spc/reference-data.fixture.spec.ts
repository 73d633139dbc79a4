/**
 * Published reference data sets used by the SPC unit specs.  (Named *.spec.ts
 * only so that the build excludes it; it contains no tests.)
 *
 * PISTON_RINGS: inside diameter (mm) of forged automobile piston rings,
 * 25 subgroups of 5 (phase I). D. C. Montgomery, "Introduction to Statistical
 * Quality Control", Table 6.3 (Examples 6.1 and 6.3).
 *
 * Copies disagree on sample 21.  The R package qcc (luca-scr/qcc,
 * data/pistonrings.txt) has 73.988, 74.001, 74.009, 74.005, 73.996; most other
 * copies have 73.982, 74.001, 74.015, 74.005, 73.996.  Montgomery's version is the
 * second one: its printed s₂₁ = 0.0122 (Table 6.4 repeats the row unchanged)
 * and its published s̄ = 0.0094 and R chart UCL = 0.049 only come out with it
 * (qcc's row gives s₂₁ = 0.0082, s̄ = 0.0092, D4·R̄ = 0.048).  Both means are
 * 73.9998, so x̄̄ is the same.  PISTON_RINGS is Montgomery's table;
 * PISTON_RINGS_QCC is qcc's data set, used to check against qcc's printed output.
 * The specs cross-check the rows against the x̄ᵢ and sᵢ printed in
 * Montgomery's Table 6.3 (MONTGOMERY_TABLE_6_3).
 */
export const PISTON_RINGS: readonly (readonly number[])[] = [
  [74.03, 74.002, 74.019, 73.992, 74.008],
  [73.995, 73.992, 74.001, 74.011, 74.004],
  [73.988, 74.024, 74.021, 74.005, 74.002],
  [74.002, 73.996, 73.993, 74.015, 74.009],
  [73.992, 74.007, 74.015, 73.989, 74.014],
  [74.009, 73.994, 73.997, 73.985, 73.993],
  [73.995, 74.006, 73.994, 74.0, 74.005],
  [73.985, 74.003, 73.993, 74.015, 73.988],
  [74.008, 73.995, 74.009, 74.005, 74.004],
  [73.998, 74.0, 73.99, 74.007, 73.995],
  [73.994, 73.998, 73.994, 73.995, 73.99],
  [74.004, 74.0, 74.007, 74.0, 73.996],
  [73.983, 74.002, 73.998, 73.997, 74.012],
  [74.006, 73.967, 73.994, 74.0, 73.984],
  [74.012, 74.014, 73.998, 73.999, 74.007],
  [74.0, 73.984, 74.005, 73.998, 73.996],
  [73.994, 74.012, 73.986, 74.005, 74.007],
  [74.006, 74.01, 74.018, 74.003, 74.0],
  [73.984, 74.002, 74.003, 74.005, 73.997],
  [74.0, 74.01, 74.013, 74.02, 74.003],
  [73.982, 74.001, 74.015, 74.005, 73.996], // sample 21: Montgomery's value (see header)
  [74.004, 73.999, 73.99, 74.006, 74.009],
  [74.01, 73.989, 73.99, 74.009, 74.014],
  [74.015, 74.008, 73.993, 74.0, 74.01],
  [73.982, 73.984, 73.995, 74.017, 74.013],
];

/** qcc's `pistonrings` samples 1–25: identical except for sample 21. */
export const PISTON_RINGS_QCC: readonly (readonly number[])[] = PISTON_RINGS.map((row, i) => (i === 20 ? [73.988, 74.001, 74.009, 74.005, 73.996] : row));

/**
 * Montgomery Table 6.3, printed x̄ᵢ (3 decimals) and sᵢ (4 decimals), keyed by
 * sample number: samples 1–16 from Table 6.3, and 18, 19, 21, 22 from Table 6.4
 * (which reprints the rows of Table 6.3 whose five observations it keeps).
 */
export const MONTGOMERY_TABLE_6_3: Readonly<Record<number, { readonly mean: number; readonly s: number }>> = {
  1: { mean: 74.01, s: 0.0148 },
  2: { mean: 74.001, s: 0.0075 },
  3: { mean: 74.008, s: 0.0147 },
  4: { mean: 74.003, s: 0.0091 },
  5: { mean: 74.003, s: 0.0122 },
  6: { mean: 73.996, s: 0.0087 },
  7: { mean: 74.0, s: 0.0055 },
  8: { mean: 73.997, s: 0.0123 },
  9: { mean: 74.004, s: 0.0055 },
  10: { mean: 73.998, s: 0.0063 },
  11: { mean: 73.994, s: 0.0029 },
  12: { mean: 74.001, s: 0.0042 },
  13: { mean: 73.998, s: 0.0105 },
  14: { mean: 73.99, s: 0.0153 },
  15: { mean: 74.006, s: 0.0073 },
  16: { mean: 73.997, s: 0.0078 },
  18: { mean: 74.007, s: 0.007 },
  19: { mean: 73.998, s: 0.0085 },
  21: { mean: 74.0, s: 0.0122 },
  22: { mean: 74.002, s: 0.0074 },
};

/**
 * Viscosity of a chemical intermediate, 15 individual measurements
 * (Montgomery, p. 242), as used in the qcc documentation for the "xbar.one"
 * (individuals) chart.
 */
export const VISCOSITY: readonly number[] = [33.75, 33.05, 34, 33.81, 33.46, 34.02, 33.68, 33.27, 33.49, 33.2, 33.62, 33.0, 33.54, 33.12, 33.84];

/** Water content of antifreeze, 34 individual values (Wetherill and Brown, 1991, p. 120), as in qcc. */
export const ANTIFREEZE: readonly number[] = [
  2.23, 2.53, 2.62, 2.63, 2.58, 2.44, 2.49, 2.34, 2.95, 2.54, 2.6, 2.45, 2.17, 2.58, 2.57, 2.44, 2.38, 2.23, 2.23, 2.54, 2.66, 2.84, 2.81, 2.39, 2.56, 2.7, 3.0,
  2.81, 2.77, 2.89, 2.54, 2.98, 2.35, 2.53,
];

/**
 * Small grouped data set (3 subgroups of 4) of the qcc capability test suite
 * (luca-scr/qcc, tests/testthat/test-capability.R), specs 9.9 / 10.1.
 */
export const QCC_CAPABILITY_GROUPS: readonly (readonly number[])[] = [
  [10.0, 10.02, 9.98, 10.01],
  [10.03, 9.99, 10.01, 10.0],
  [9.97, 10.04, 10.02, 9.99],
];
