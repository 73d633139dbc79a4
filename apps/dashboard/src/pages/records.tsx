import { useMemo } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type {
  CalibrationImpact,
  ConsistencyAnswer,
  DocumentView,
  EquipmentStatusView,
  PersonImpact,
  PersonView,
  PrototypeBuildRecord,
  SupplierAnswer,
  TrainingGaps,
} from '../api-types';
import { GenealogyGraph } from '../graph';
import { formatInstant, formatNumber } from '../logic/format';
import { impactGraph } from '../logic/genealogy';
import { Link, lotPath, navigate, Problem, useApi } from '../ui';

// The record pages: equipment, prototype builds, people, controlled documents, and a part's
// consistency table. Each reads one or two API answers and lays them out; no logic of its own
// beyond the pure mappings in ../logic.

const enc = encodeURIComponent;
export const equipmentPath = (id: string) => `/equipment/${enc(id)}`;
export const personPath = (id: string) => `/people/${enc(id)}`;
export const documentPath = (id: string) => `/documents/${enc(id)}`;

function Rows(props: { rows: Array<[string, ComponentChildren]> }) {
  return (
    <table>
      <tbody>
        {props.rows.map(([name, value]) => (
          <tr key={name}>
            <th>{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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

const lotLink = (lot: string) => <Link href={lotPath(lot)}>{lot}</Link>;
const flag = (ok: boolean | string, yes: string, no: string) => (
  <span class={ok === true ? 'ok' : 'bad'}>{ok === true ? yes : ok === false ? no : String(ok)}</span>
);

/** The recall scope of an impact: the lots as a graph from the source, then the customers. */
function ImpactScopeView(props: { source: { id: string; label: string }; impact: CalibrationImpact | PersonImpact }) {
  const graph = useMemo(() => impactGraph(props.source, props.impact), [props.source.id, props.impact]);
  const i = props.impact;
  return (
    <>
      <p id="impact-summary">
        {i.lots.length} lot(s) touched directly, {i.reachedLots.length} reached forward, {i.customers.length} customer(s): {i.customers.join(', ') || 'none'}.
      </p>
      {i.reachedLots.length > 0 && (
        <GenealogyGraph nodes={graph.nodes} edges={graph.edges} onOpenLot={(lot) => navigate(lotPath(lot))} label="Impact graph (the lots are listed below)" />
      )}
      <Table
        id="impact-lots"
        head={['Lot', 'Kind', 'Depth']}
        rows={i.reachedLots.map((n) => [lotLink(n.lotNumber), n.kind ?? 'unknown', n.depth])}
        empty="No lot is affected."
      />
      <Table
        head={['Customer', 'Lot', 'Shipment', 'Shipped']}
        rows={i.shipments.map((s) => [s.customer, lotLink(s.lotNumber), s.shipmentId, formatInstant(s.shippedAt)])}
        empty="Nothing affected has been shipped."
      />
      {i.hiddenLots > 0 && <p>{i.hiddenLots} lot(s) of other sites are not shown.</p>}
    </>
  );
}

export function EquipmentPage(props: { id: string }) {
  const base = `/v1/equipment/${enc(props.id)}`;
  const status = useApi<EquipmentStatusView>(base);
  const impact = useApi<CalibrationImpact>(`${base}/impact`);
  if (!status) return <p>Loading…</p>;
  if (!status.ok) return <Problem result={status} />;
  const e = status.data;
  return (
    <>
      <h1>
        Equipment {e.equipmentId} <small>({e.kind})</small>
      </h1>
      <section aria-label="Status">
        <Rows
          rows={[
            ['Description', e.description ?? '—'],
            ['Site', e.siteId],
            [
              'Status now',
              <span id="equipment-status" class={e.status === 'in-calibration' ? 'ok' : 'bad'}>
                {e.status}
              </span>,
            ],
            ['Next due', formatInstant(e.nextDueAt)],
            ['Interval', e.calibrationIntervalDays ? `${e.calibrationIntervalDays} days` : '—'],
          ]}
        />
      </section>
      <section aria-label="Measurement system">
        <h2>Gauge R&amp;R studies (latest per part × characteristic)</h2>
        <Table
          id="msa-studies"
          head={['Study', 'Part', 'Characteristic', 'Performed', '%GRR', 'ndc', 'Verdict']}
          rows={e.measurementSystem.map((m) => [
            <Link href={`${equipmentPath(e.equipmentId)}/msa-studies/${enc(m.studyId)}`}>{m.studyId}</Link>,
            m.partNumber,
            m.characteristicId,
            formatInstant(m.performedAt),
            `${formatNumber(m.pctGrr, 2)} (${m.verdictBasis})`,
            m.ndc ?? '—',
            <span class={m.verdict === 'acceptable' ? 'ok' : 'bad'}>{m.verdict}</span>,
          ])}
          empty="No gauge R&R study recorded for this equipment."
        />
      </section>
      <section aria-label="Calibration timeline">
        <h2>Calibration timeline</h2>
        <ol class="timeline" id="calibrations">
          {e.calibrations.map((c) => (
            <li key={c.calibrationId}>
              <strong>{formatInstant(c.performedAt)}</strong> — {c.calibrationId}: as found{' '}
              <span class={c.asFound === 'in-tolerance' ? 'ok' : 'bad'}>{c.asFound}</span>, as left{' '}
              <span class={c.asLeft === 'in-tolerance' ? 'ok' : 'bad'}>{c.asLeft}</span>, next due {formatInstant(c.nextDueAt)}, by {c.performedBy}
              {c.certificateRef ? ` (certificate ${c.certificateRef})` : ''}
            </li>
          ))}
        </ol>
        {e.calibrations.length === 0 && <p>Never calibrated.</p>}
      </section>
      <section aria-label="Impact of an out-of-tolerance calibration">
        <h2>Impact of the latest out-of-tolerance calibration</h2>
        {impact?.ok ? (
          impact.data.calibration && impact.data.calibration.asFound === 'out-of-tolerance' ? (
            <>
              <p>
                Found out of tolerance by {impact.data.calibration.calibrationId} on {formatInstant(impact.data.calibration.performedAt)}; uses since{' '}
                {impact.data.since ? formatInstant(impact.data.since.performedAt) : 'the start'} are in doubt: {impact.data.inspections.length} inspection(s),{' '}
                {impact.data.steps.length} step(s).
              </p>
              <ImpactScopeView source={{ id: `equipment:${e.equipmentId}`, label: e.equipmentId }} impact={impact.data} />
            </>
          ) : (
            <p>No calibration found this equipment out of tolerance: nothing measured with it is in doubt.</p>
          )
        ) : impact ? (
          <Problem result={impact} />
        ) : (
          <p>Loading…</p>
        )}
      </section>
    </>
  );
}

export function PrototypePage(props: { id: string }) {
  const build = useApi<PrototypeBuildRecord>(`/v1/prototypes/${enc(props.id)}`);
  if (!build) return <p>Loading…</p>;
  if (!build.ok) return <Problem result={build} />;
  const b = build.data;
  const equipment = (list: Array<{ equipmentId: string; inCalibration: unknown }>) =>
    list.map((u) => (
      <span key={u.equipmentId}>
        <Link href={equipmentPath(u.equipmentId)}>{u.equipmentId}</Link> {flag(u.inCalibration as boolean, '(in calibration)', '(NOT in calibration)')}{' '}
      </span>
    ));
  return (
    <>
      <h1>Prototype build {b.buildId}</h1>
      <section aria-label="Build">
        <Rows
          rows={[
            ['Part', `${b.partNumber}, design revision ${b.designRevision}`],
            ['Site', b.siteId],
            ['Requested by', b.requestedBy],
            ['Purpose', b.purpose],
            ['Started', formatInstant(b.startedAt)],
            ['Status', <span id="build-status">{b.status}</span>],
            [
              'Promotion',
              b.promotion
                ? `promoted to production baseline: part revision ${b.promotion.partRevision}, routing ${b.promotion.routingRevision} (${formatInstant(b.promotion.occurredAt)})`
                : 'not promoted',
            ],
          ]}
        />
      </section>
      <section aria-label="Steps">
        <h2>Steps</h2>
        <Table
          head={['Step', 'Operation', 'Operator', 'SOP', 'Equipment', 'Completed']}
          rows={b.steps.map((s) => [
            String(s.stepId),
            String(s.operation),
            String(s.operatorId),
            String(s.sopRevision),
            equipment(s.equipment),
            formatInstant(String(s.completedAt)),
          ])}
          empty="No step recorded."
        />
      </section>
      <section aria-label="Inspections">
        <h2>Inspections</h2>
        <Table
          id="build-inspections"
          head={['Inspection', 'Characteristic', 'Measurements', 'Verdict', 'Gauge']}
          rows={b.inspections.map((i) => [
            String(i.inspectionId),
            String((i.characteristic as { id?: string } | undefined)?.id ?? '—'),
            ((i.measurements as number[] | undefined) ?? []).map((m) => formatNumber(m, 4)).join(', '),
            <span class={i.verdict === 'fail' ? 'fail' : 'ok'}>{String(i.verdict)}</span>,
            equipment(i.equipment),
          ])}
          empty="No inspection recorded."
        />
      </section>
      <section aria-label="Notes and outcome">
        <h2>Notes and outcome</h2>
        <ol class="timeline">
          {b.notes.map((n) => (
            <li key={n.streamVersion}>
              <strong>{formatInstant(n.occurredAt)}</strong> — {n.kind}: {n.text}
            </li>
          ))}
          {b.outcome && (
            <li>
              <strong>{formatInstant(b.outcome.completedAt)}</strong> — outcome: {b.outcome.outcome}
            </li>
          )}
        </ol>
      </section>
    </>
  );
}

export function PersonPage(props: { id: string }) {
  const base = `/v1/personnel/${enc(props.id)}`;
  const person = useApi<PersonView>(base);
  const impact = useApi<PersonImpact>(`${base}/impact`);
  if (!person) return <p>Loading…</p>;
  if (!person.ok) return <Problem result={person} />;
  const p = person.data;
  return (
    <>
      <h1>
        {p.name} <small>({p.personId})</small>
      </h1>
      <section aria-label="Person">
        <Rows
          rows={[
            ['Site', p.siteId],
            ['Employee ref', p.employeeRef ?? '—'],
            ['Steps performed', p.stepsTotal],
          ]}
        />
      </section>
      <section aria-label="Qualifications">
        <h2>Qualifications</h2>
        <Table
          id="qualifications"
          head={['Qualification', 'Operation', 'Work centre', 'Valid from', 'Valid until', 'Status now', 'Revocation']}
          rows={p.qualifications.map((q) => [
            q.qualificationId,
            q.operation,
            q.workCenter ?? 'any',
            formatInstant(q.validFrom),
            formatInstant(q.validUntil),
            <span class={q.status === 'valid' ? 'ok' : 'bad'}>{q.status}</span>,
            q.revocation ? `void from ${formatInstant(q.revocation.effectiveFrom)}: ${q.revocation.reason ?? ''}` : '—',
          ])}
          empty="No qualification granted."
        />
      </section>
      <section aria-label="Trainings">
        <h2>Trainings</h2>
        <Table
          head={['Training', 'Revision', 'Completed', 'Trainer']}
          rows={p.trainings.map((t) => [t.trainingId, t.revisionId, formatInstant(t.completedAt), t.trainer ?? '—'])}
          empty="No training recorded."
        />
      </section>
      <section aria-label="Steps performed">
        <h2>Latest steps performed</h2>
        <Table
          id="person-steps"
          head={['Lot', 'Step', 'Operation', 'SOP', 'Started', 'Qualified then', 'Reasons']}
          rows={p.steps.map((s) => [
            lotLink(s.lotNumber),
            s.stepId,
            s.operation,
            s.sopRevision,
            formatInstant(s.startedAt),
            flag(s.qualified, 'yes', 'NO'),
            s.reasons.join(', '),
          ])}
          empty="No step performed."
        />
      </section>
      <section aria-label="Impact of unqualified work">
        <h2>Work done while not qualified, and where it went</h2>
        {impact?.ok ? (
          <ImpactScopeView source={{ id: `person:${p.personId}`, label: p.name }} impact={impact.data} />
        ) : impact ? (
          <Problem result={impact} />
        ) : (
          <p>Loading…</p>
        )}
      </section>
    </>
  );
}

export function DocumentPage(props: { id: string }) {
  const base = `/v1/documents/${enc(props.id)}`;
  const document = useApi<DocumentView>(base);
  const gaps = useApi<TrainingGaps>(`${base}/training-gaps`);
  if (!document) return <p>Loading…</p>;
  if (!document.ok) return <Problem result={document} />;
  const d = document.data;
  return (
    <>
      <h1>
        Document {d.documentId} <small>({d.kind})</small>
      </h1>
      <section aria-label="Document">
        <Rows
          rows={[
            ['Site', d.siteId],
            ['In force now', <strong id="in-force">{d.inForce ?? 'none'}</strong>],
          ]}
        />
      </section>
      <section aria-label="Revisions">
        <h2>Revisions</h2>
        <Table
          id="revisions"
          head={['Revision', 'Revision id', 'Title', 'Operations', 'Effective from', 'Until', 'Status now', 'Training']}
          rows={d.revisions.map((r) => [
            r.revision,
            r.revisionId,
            r.title ?? '—',
            r.operations.join(', '),
            formatInstant(r.effectiveFrom),
            formatInstant(r.effectiveUntil),
            <span class={r.status === 'in-force' ? 'ok' : 'bad'}>{r.status}</span>,
            r.requiresTraining ? 'required' : 'not required',
          ])}
          empty="No revision released."
        />
      </section>
      <section aria-label="Training gaps">
        <h2>Training gaps</h2>
        {gaps?.ok ? (
          <>
            <Table
              head={['Person', 'Revision', 'Lot', 'Step', 'Started']}
              rows={gaps.data.untrainedWork.map((w) => [
                <Link href={personPath(w.personId)}>{w.personId}</Link>,
                w.revisionId,
                lotLink(w.lotNumber),
                w.stepId,
                formatInstant(w.startedAt),
              ])}
              empty="No work was done under this document by someone untrained on it."
            />
            <Table
              head={['Person', 'Name', 'Qualified on', 'Not trained on']}
              rows={gaps.data.untrainedQualified.map((q) => [<Link href={personPath(q.personId)}>{q.personId}</Link>, q.name, q.operation, q.revisionId])}
              empty="Everyone qualified on its operations is trained on the revision in force."
            />
          </>
        ) : gaps ? (
          <Problem result={gaps} />
        ) : null}
      </section>
    </>
  );
}

/** A part's consistency table: each production lot against the baseline, and its deviations. */
export function ConsistencyTable(props: { part: string }) {
  const answer = useApi<ConsistencyAnswer>(`/v1/parts/${enc(props.part)}/consistency`);
  if (!answer) return <p>Loading…</p>;
  if (!answer.ok) return <Problem result={answer} />;
  const c = answer.data;
  return (
    <>
      <p id="consistency-verdict" class={c.consistent ? 'ok' : 'bad'}>
        {c.consistent ? 'Every lot matches the baseline.' : `${c.lots.filter((l) => l.deviations.length > 0).length} lot(s) deviate from the baseline.`}
      </p>
      <Table
        id="consistency"
        head={['Lot', 'Part revision', 'Routing', 'First-pass yield', 'Inspection pass rate', 'Open NCs', 'Deviations']}
        rows={c.lots.map((l) => [
          lotLink(l.lotNumber),
          l.partRevision ?? '—',
          l.routingRevision ?? '—',
          l.firstPassYield == null ? '—' : `${formatNumber(l.firstPassYield * 100, 1)} %`,
          l.inspections.passRate == null ? '—' : `${formatNumber(l.inspections.passRate * 100, 1)} %`,
          l.openNonconformances.length,
          l.deviations.length ? (
            <ul>
              {l.deviations.map((d, i) => (
                <li key={i} class="bad" title={d.detail}>
                  {d.kind}
                  {d.operation ? ` (${d.operation})` : ''}
                  {d.equipmentId ? ` ${d.equipmentId}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <span class="ok">none</span>
          ),
        ])}
        empty="No production lot of this part yet."
      />
    </>
  );
}

export function SupplierPage(props: { id: string }) {
  const supplier = useApi<SupplierAnswer>(`/v1/suppliers/${enc(props.id)}`);
  if (!supplier) return <p>Loading…</p>;
  if (!supplier.ok) return <Problem result={supplier} />;
  const s = supplier.data;
  return (
    <>
      <h1>
        Supplier {s.name} <small>({s.supplierId})</small>
      </h1>
      <section aria-label="Supplier">
        <Rows
          rows={[
            ['Sites', s.siteIds.join(', ')],
            ['Suspended now', s.suspended ? <span class="bad">yes</span> : <span class="ok">no</span>],
          ]}
        />
      </section>
      <section aria-label="Approvals">
        <h2>Approvals</h2>
        <Table
          id="approvals"
          head={['Approval', 'Parts or commodity', 'Basis', 'Valid from', 'Valid until', 'Status now']}
          rows={s.approvals.map((a) => [
            a.approvalId,
            a.partNumbers?.join(', ') ?? a.commodity ?? '—',
            a.basis,
            formatInstant(a.validFrom),
            formatInstant(a.validUntil),
            <span class={a.status === 'approved' ? 'ok' : 'bad'}>{a.status}</span>,
          ])}
          empty="Not approved for anything."
        />
      </section>
      <section aria-label="Incoming inspection">
        <h2>Incoming inspection (ISO 2859-1)</h2>
        <Table
          id="sampling-plans"
          head={['Part', 'Inspection level', 'AQL', 'Severity now', 'Switching score']}
          rows={s.samplingPlans.map((p) => [
            p.partNumber,
            p.inspectionLevel,
            p.aql,
            <span class={p.severity === 'normal' || p.severity === 'reduced' ? 'ok' : 'bad'}>{p.severity}</span>,
            p.switchingScore,
          ])}
          empty="No sampling plan set."
        />
      </section>
    </>
  );
}
