import type { FirstArticleForms, Form3Row } from '../first-article-form/first-article-form';

// The forms as rows of printable text, shared by the HTML and the PDF so both show the same cells.

/** A number as recorded (JSON's shortest form), or an empty cell. */
export const num = (value: number | undefined): string => (value === undefined ? '' : String(value));

/** Mean/range to 4 decimals: enough for a gauge, free of binary noise (0.04999…). */
const fixed = (value: number): string => String(Number(value.toFixed(4)));

export const FORM1_TITLE = 'AS9102 Form 1 — Part Number Accountability';
export const FORM2_TITLE = 'AS9102 Form 2 — Product Accountability: Raw Material, Specifications and Special Process(es)';
export const FORM3_TITLE = 'AS9102 Form 3 — Characteristic Accountability, Verification and Compatibility Evaluation';

export function form1Fields(forms: FirstArticleForms): Array<[string, string]> {
  const { form1 } = forms;
  return [
    ['Part number', form1.partNumber],
    ['Part revision', form1.partRevision],
    ['Lot (serial) number', form1.lotNumber],
    ['Site', form1.siteId],
    ['FAI type', form1.faiType + (form1.reason ? ` (${form1.reason})` : '')],
    [
      'Baseline build',
      form1.baseline ? `${form1.baseline.buildId} (routing ${form1.baseline.routingRevision}, promoted ${form1.baseline.promotedAt})` : 'none',
    ],
    ['Complete', forms.complete ? 'yes' : 'no'],
    ['Missing', forms.missing.join(', ')],
    ['Failed', forms.failed.join(', ')],
  ];
}

/** The registered supplier (with its name as received), else the free-text name marked unverified. */
const supplierCell = (m: FirstArticleForms['form2']['materials'][number]): string => {
  if (m.supplierId === undefined) return m.supplier === undefined ? '' : `${m.supplier} (unverified)`;
  const name = m.supplier === undefined ? m.supplierId : `${m.supplierId} (${m.supplier})`;
  return m.supplierApproved === false ? `${name}, not approved` : name;
};

/** The ISO 2859-1 decision: accepted / not accepted (and a later use-as-is release), the inspection, n and Ac/Re. */
const receivingCell = (m: FirstArticleForms['form2']['materials'][number]): string => {
  const r = m.receiving;
  if (!r) return '';
  const standing = r.standing === 'use-as-is' ? 'not-accepted, use-as-is' : r.decision;
  return `${standing} (${r.inspectionId}, ${r.severity} ${r.codeLetter}, n=${r.sampleSize} d=${r.nonconforming} Ac ${r.acceptNumber}/Re ${r.rejectNumber})`;
};

export const MATERIAL_HEADERS = ['Lot', 'Part', 'Supplier', 'Supplier lot', 'Depth', 'Certificates', 'Receiving (ISO 2859-1)', 'IQC'];
export function materialRows(forms: FirstArticleForms): string[][] {
  return forms.form2.materials.map((m) => [
    m.lotNumber,
    m.partNumber,
    supplierCell(m),
    m.supplierLotNumber ?? '',
    String(m.depth),
    (m.certificateRefs ?? []).join(', '),
    receivingCell(m),
    m.iqc ? `${m.iqc.verdict} (${m.iqc.inspections})` : '',
  ]);
}

export const PROCESS_HEADERS = ['Operation', 'Step', 'Operator', 'SOP rev.', 'Equipment', 'Completed'];
export function processRows(forms: FirstArticleForms): string[][] {
  return forms.form2.specialProcesses.map((p) => [p.operation, p.stepId, p.operatorId, p.sopRevision, p.equipmentIds.join(', '), p.completedAt]);
}

export const CHARACTERISTIC_HEADERS = [
  'Char. id',
  'Nominal',
  'LSL',
  'USL',
  'Unit',
  'Results',
  'Verdict',
  'Gauge',
  'Calibrated',
  'Gauge R&R',
  'NC id',
  'Proto mean',
  'Proto range',
];

const calibration = (row: Form3Row): string =>
  row.gaugeInCalibration === undefined ? '' : row.gaugeInCalibration === true ? 'yes' : row.gaugeInCalibration === false ? 'NO' : 'unknown';

/** The R&R verdict in force, with the study and its %GRR when there is one. */
export const gaugeRr = (row: Form3Row): string => {
  const rr = row.gaugeRr;
  if (!rr) return '';
  if (rr.verdict === 'none') return 'no study';
  const pct = rr.pctGrr === null || rr.pctGrr === undefined ? '' : `, ${rr.pctGrr.toFixed(1)} % GRR`;
  return `${rr.verdict} (${rr.studyId}${pct})`;
};

export function characteristicRows(forms: FirstArticleForms): string[][] {
  return forms.form3.characteristics.map((row) => [
    row.characteristicId + (row.inPlan ? '' : ' (not in plan)'),
    num(row.nominal),
    num(row.lsl),
    num(row.usl),
    row.unit,
    row.results.map(num).join(' '),
    row.verdict,
    row.gaugeId ?? '',
    calibration(row),
    gaugeRr(row),
    row.ncId ?? '',
    row.prototype ? fixed(row.prototype.mean) : '',
    row.prototype ? fixed(row.prototype.range) : '',
  ]);
}
