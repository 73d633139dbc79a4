import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { apiKey } from '../api';
import type { FirstArticleDue, FirstArticleForms, GaugeStudyAnswer } from '../api-types';
import { gaugeRrText, receivingText, supplierApprovalText, zeroToOne } from '../logic/first-article';
import { formatInstant, formatNumber } from '../logic/format';
import { Link, lotPath, Problem, toSignIn, useApi } from '../ui';

// The first article of a lot (AS9102 Forms 1–3 with the part's due state, the printable forms) and
// a single gauge R&R study (both AIAG methods' figures and the verdict). Layout only: the numbers
// are the API's; the 0-to-1 comparison and the verdict reading are the pure mappings in ../logic.

const enc = encodeURIComponent;
export const firstArticlePath = (lot: string) => `/lots/${enc(lot)}/first-article`;
export const gaugeStudyPath = (equipmentId: string, studyId: string) => `/equipment/${enc(equipmentId)}/msa-studies/${enc(studyId)}`;
const equipmentLink = (id: string) => <Link href={`/equipment/${enc(id)}`}>{id}</Link>;

function Table(props: { id?: string; head: string[]; rows: ComponentChildren[][]; empty: string }) {
  if (props.rows.length === 0) return <p>{props.empty}</p>;
  return (
    <table id={props.id}>
      <thead>
        <tr>
          {props.head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((cells, i) => (
          <tr key={i}>
            {cells.map((c, j) => (
              <td key={j}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const mark = (ok: boolean | null, text: string) => <span class={ok === null ? '' : ok ? 'ok' : 'bad'}>{text}</span>;
const num = (value: number | undefined, digits = 4) => (value === undefined ? '—' : String(Number(value.toFixed(digits))));

function Receiving(props: { receiving: Parameters<typeof receivingText>[0] }) {
  const r = receivingText(props.receiving);
  return (
    <>
      {mark(r.ok, r.decision)} <small>({r.basis})</small>
    </>
  );
}

/** The printable forms: fetched with the key in a header (never a URL), handed to the browser as a local file. */
function PrintedForms(props: { lot: string }) {
  const [files, setFiles] = useState<Record<string, { url: string; name: string; bytes: number }>>({});
  const [error, setError] = useState('');
  const prepare = async (type: 'application/pdf' | 'text/html', extension: string) => {
    setError('');
    const response = await fetch(`/v1/lots/${enc(props.lot)}/first-article`, { headers: { authorization: `Bearer ${apiKey() ?? ''}`, accept: type } });
    if (response.status === 401) return toSignIn();
    if (!response.ok) return setError(`Error ${response.status}: the printable forms were refused.`);
    const blob = await response.blob();
    const previous = files[extension];
    if (previous) URL.revokeObjectURL(previous.url);
    const name = `first-article-${props.lot.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
    setFiles({ ...files, [extension]: { url: URL.createObjectURL(blob), name, bytes: blob.size } });
  };
  return (
    <section aria-label="Printable forms">
      <h2>Printable forms</h2>
      <p>
        <button type="button" id="prepare-pdf" onClick={() => void prepare('application/pdf', 'pdf')}>
          Prepare the PDF
        </button>{' '}
        <button type="button" id="prepare-html" onClick={() => void prepare('text/html', 'html')}>
          Prepare the print-ready HTML
        </button>
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {Object.entries(files).map(([extension, file]) => (
        <p key={extension}>
          <a id={`download-${extension}`} href={file.url} download={file.name}>
            Download {file.name}
          </a>{' '}
          ({file.bytes} bytes)
        </p>
      ))}
    </section>
  );
}

function DueState(props: { part: string }) {
  const status = useApi<FirstArticleDue>(`/v1/parts/${enc(props.part)}/first-article-status`);
  if (!status) return <p>Loading…</p>;
  if (!status.ok) return <Problem result={status} />;
  const s = status.data;
  return (
    <section aria-label="First article due">
      <h2>Is a new first article due for part {props.part}?</h2>
      <p id="fai-due">
        {mark(!s.due, s.due ? `Due (${s.suggestedType ?? 'full'})` : 'Not due')}
        {s.lastApproved
          ? ` — last approved ${s.lastApproved.faiId} on lot ${s.lastApproved.lotNumber} (${s.lastApproved.faiType}), ${formatInstant(s.lastApproved.approvedAt)}`
          : ' — no first article approved yet'}
      </p>
      <Table
        id="fai-due-reasons"
        head={['Reason', 'Caused by', 'Lot', 'When']}
        rows={s.reasons.map((r) => [
          r.detail,
          r.causedBy ? r.causedBy.type : '—',
          r.causedBy ? <Link href={lotPath(r.causedBy.lotNumber)}>{r.causedBy.lotNumber}</Link> : '—',
          formatInstant(r.causedBy?.occurredAt),
        ])}
        empty="Nothing changed since the last approved first article."
      />
    </section>
  );
}

export function FirstArticlePage(props: { lot: string }) {
  const answer = useApi<FirstArticleForms>(`/v1/lots/${enc(props.lot)}/first-article`);
  if (!answer) return <p>Loading…</p>;
  if (!answer.ok) return <Problem result={answer} />;
  const f = answer.data;
  const b = f.form1.baseline;
  return (
    <>
      <h1>
        First article of lot <Link href={lotPath(f.lotNumber)}>{f.lotNumber}</Link> <small>(AS9102)</small>
      </h1>
      <p id="fai-complete">
        {mark(f.complete, f.complete ? 'Complete: every characteristic of the plan has passing FAI results.' : 'Not complete.')}
        {f.missing.length > 0 && ` Missing: ${f.missing.join(', ')}.`}
        {f.failed.length > 0 && ` Failed: ${f.failed.join(', ')}.`}
      </p>
      <DueState part={f.partNumber} />
      <section aria-label="Form 1">
        <h2>Form 1 — Part number accountability</h2>
        <Table
          id="form1"
          head={['Part', 'Revision', 'Lot', 'Site', 'FAI type', 'Baseline']}
          rows={[
            [
              f.form1.partNumber,
              f.form1.partRevision,
              f.form1.lotNumber,
              f.form1.siteId,
              f.form1.faiType + (f.form1.reason ? ` (${f.form1.reason})` : ''),
              b ? (
                <>
                  <Link href={`/prototypes/${enc(b.buildId)}`}>{b.buildId}</Link> (routing {b.routingRevision}, promoted {formatInstant(b.promotedAt)})
                </>
              ) : (
                'none'
              ),
            ],
          ]}
          empty=""
        />
      </section>
      <section aria-label="Form 2">
        <h2>Form 2 — Product accountability</h2>
        <h3>Materials (walked backward through the genealogy)</h3>
        <Table
          id="form2-materials"
          head={['Lot', 'Part', 'Supplier', 'Registered supplier', 'Supplier lot', 'Depth', 'Certificates', 'Receiving (ISO 2859-1)', 'IQC']}
          rows={f.form2.materials.map((m) => {
            const approval = supplierApprovalText(m);
            return [
              <Link href={lotPath(m.lotNumber)}>{m.lotNumber}</Link>,
              m.partNumber,
              m.supplier ?? '—',
              m.supplierId ? (
                <>
                  <Link href={`/suppliers/${enc(m.supplierId)}`}>{m.supplierId}</Link> {mark(approval.ok, approval.text)}
                </>
              ) : (
                '—'
              ),
              m.supplierLotNumber ?? '—',
              m.depth,
              m.certificateRefs?.length ? m.certificateRefs.join(', ') : '—',
              m.receiving ? <Receiving receiving={m.receiving} /> : '—',
              m.iqc ? mark(m.iqc.verdict === 'pass', `${m.iqc.verdict} (${m.iqc.inspections})`) : '—',
            ];
          })}
          empty="No material consumed."
        />
        <h3>Special processes</h3>
        <Table
          id="form2-processes"
          head={['Operation', 'Step', 'Operator', 'SOP revision', 'Equipment', 'Completed']}
          rows={f.form2.specialProcesses.map((p) => [
            p.operation,
            p.stepId,
            <Link href={`/people/${enc(p.operatorId)}`}>{p.operatorId}</Link>,
            p.sopRevision,
            p.equipmentIds.map((id) => <span key={id}>{equipmentLink(id)} </span>),
            formatInstant(p.completedAt),
          ])}
          empty="No special process."
        />
      </section>
      <section aria-label="Form 3">
        <h2>Form 3 — Characteristic accountability</h2>
        <Table
          id="form3"
          head={[
            'Characteristic',
            'Nominal',
            'LSL',
            'USL',
            'Results',
            'Verdict',
            'Gauge',
            'Calibrated',
            'Gauge R&R',
            'NC',
            'Prototype mean / range',
            'Lot mean / range',
            '0 → 1',
          ]}
          rows={f.form3.characteristics.map((row) => {
            const change = zeroToOne(row);
            const rr = gaugeRrText(row.gaugeRr);
            return [
              row.characteristicId + (row.inPlan ? '' : ' (not in plan)'),
              num(row.nominal),
              num(row.lsl),
              num(row.usl),
              row.results.length ? `${row.results.join(' ')} ${row.unit}` : '—',
              mark(row.verdict === 'pass', row.verdict),
              row.gaugeId ? equipmentLink(row.gaugeId) : '—',
              row.gaugeInCalibration === undefined
                ? '—'
                : mark(row.gaugeInCalibration === true, row.gaugeInCalibration === true ? 'yes' : String(row.gaugeInCalibration === false ? 'NO' : 'unknown')),
              row.gaugeRr?.studyId && row.gaugeId ? (
                <Link href={gaugeStudyPath(row.gaugeId, row.gaugeRr.studyId)}>{mark(rr.ok, rr.text)}</Link>
              ) : (
                mark(rr.ok, rr.text)
              ),
              row.ncId ?? '—',
              row.prototype ? `${num(row.prototype.mean)} / ${num(row.prototype.range)} (${row.prototype.buildId}, n=${row.prototype.n})` : '—',
              row.lot ? `${num(row.lot.mean)} / ${num(row.lot.range)} (n=${row.lot.n})` : '—',
              change
                ? `mean ${change.meanShift >= 0 ? '+' : ''}${num(change.meanShift)}${change.shiftOfTolerance === null ? '' : ` (${formatNumber(change.shiftOfTolerance * 100, 1)} % of tolerance)`}` +
                  (change.rangeRatio === null ? '' : `, range ×${formatNumber(change.rangeRatio, 2)}`)
                : '—',
            ];
          })}
          empty="No characteristic in the plan."
        />
      </section>
      <PrintedForms lot={f.lotNumber} />
    </>
  );
}

export function GaugeStudyPage(props: { equipmentId: string; studyId: string }) {
  const answer = useApi<GaugeStudyAnswer>(`/v1/equipment/${enc(props.equipmentId)}/msa-studies/${enc(props.studyId)}`);
  if (!answer) return <p>Loading…</p>;
  if (!answer.ok) return <Problem result={answer} />;
  const s = answer.data;
  const ar = s.averageRange;
  const anova = s.anova;
  const pct = (value: number | undefined) => (value === undefined ? '—' : `${formatNumber(value, 2)} %`);
  return (
    <>
      <h1>
        Gauge R&amp;R study {s.studyId} <small>of {equipmentLink(s.gaugeId)}</small>
      </h1>
      <p id="study-verdict">
        Verdict: {mark(s.verdict === 'acceptable', s.verdict)} (on {s.verdictBasis})
      </p>
      <ul id="study-reasons">
        {s.verdictReasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <Table
        id="study-design"
        head={['Part', 'Characteristic', 'Performed', 'Method', 'Parts', 'Appraisers', 'Trials']}
        rows={[[s.partNumber, s.characteristicId, formatInstant(s.performedAt), s.method, s.parts, s.appraisers, s.trials]]}
        empty=""
      />
      <section aria-label="ANOVA">
        <h2>ANOVA method</h2>
        <Table
          id="study-anova"
          head={['Source', '% contribution', '% study variation', '% tolerance']}
          rows={(['repeatability', 'reproducibility', 'grr', 'part'] as const).map((source) => [
            source === 'grr' ? 'Gauge R&R' : source,
            pct(anova.pctContribution[source]),
            pct(anova.pctStudyVariation[source]),
            pct(anova.pctTolerance?.[source]),
          ])}
          empty=""
        />
        <p>
          ndc <span id="study-ndc">{anova.ndc ?? '—'}</span>
          {anova.interactionPooled ? '; the part × appraiser interaction was pooled into repeatability' : ''}.
        </p>
        <Table
          id="study-anova-table"
          head={['Source', 'df', 'SS', 'MS', 'F', 'p']}
          rows={(anova.pooledTable ?? anova.table).map((r) => [
            r.source,
            r.df,
            formatNumber(r.ss, 6),
            formatNumber(r.ms, 6),
            formatNumber(r.f, 3),
            formatNumber(r.p, 4),
          ])}
          empty=""
        />
      </section>
      <section aria-label="Average and range">
        <h2>Average and range method</h2>
        <Table
          id="study-average-range"
          head={['EV', 'AV', 'GRR', 'PV', 'TV', '%GRR (study variation)', '%GRR (tolerance)', 'ndc']}
          rows={[
            [
              formatNumber(ar.ev, 5),
              formatNumber(ar.av, 5),
              formatNumber(ar.grr, 5),
              formatNumber(ar.pv, 5),
              formatNumber(ar.tv, 5),
              pct(ar.pctGrr),
              pct(ar.pctTolerance?.grr),
              ar.ndc ?? '—',
            ],
          ]}
          empty=""
        />
        {ar.rangesAboveUcl.length > 0 && (
          <p class="bad">
            Ranges above the range chart's UCL ({formatNumber(ar.uclR, 5)}): {ar.rangesAboveUcl.map((r) => `${r.appraiser} on ${r.part}`).join(', ')}.
          </p>
        )}
      </section>
    </>
  );
}
