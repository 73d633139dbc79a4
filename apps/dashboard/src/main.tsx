import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Link, lotPath, navigate, Problem, toSignIn, useApi } from './ui';
import { AuditPage } from './pages/audit';
import { FirstArticlePage, firstArticlePath, GaugeStudyPage } from './pages/first-article';
import { ConsistencyTable, DocumentPage, EquipmentPage, equipmentPath, PersonPage, personPath, PrototypePage, SupplierPage } from './pages/records';
import type { ComponentChildren } from 'preact';
import { apiKey, setApiKey } from './api';
import type { CapabilityAnswer, Genealogy, LotHistory, LotSummary, HistoryEntry, StepFacts } from './api-types';
import { CapabilityHistogram, ControlChart, DispersionChart } from './charts';
import { GenealogyGraph } from './graph';
import { BAND_LABEL, capabilityBand, formatInstant, formatNumber, formatQuantity } from './logic/format';
import { controlPoints, dispersionName } from './logic/chart-data';
import { genealogyGraph } from './logic/genealogy';
import { fieldChanges, formatRecordedValue } from './logic/corrections';
import { holdsText, releaseText } from './logic/release';
import './styles.css';

function SignIn() {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    // Any read route tells whether the key is known: 404 (no such lot) means it was accepted.
    const response = await fetch('/v1/lots/sign-in-check', { headers: { authorization: `Bearer ${key.trim()}` } });
    if (response.status === 401) return setError('This API key is unknown or has been revoked.');
    if (response.status === 403) return setError("This key's role may not read lots.");
    setApiKey(key.trim());
    navigate(new URLSearchParams(location.search).get('next') ?? '/');
  };
  return (
    <section>
      <h1>Sign in</h1>
      <form onSubmit={submit}>
        <label for="api-key">API key</label>{' '}
        <input id="api-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} size={60} />{' '}
        <button type="submit" id="sign-in">
          Sign in
        </button>
      </form>
      <p>The key is kept for this tab only (sessionStorage) and sent as a bearer header.</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function entryText(entry: HistoryEntry): ComponentChildren {
  const d = entry.data as Record<string, unknown>;
  const equipment = (entry.equipment ?? []).map((e) => (
    <span key={e.equipmentId} class={e.inCalibration === true ? 'ok' : 'bad'}>
      {' '}
      <Link href={equipmentPath(e.equipmentId)}>{e.equipmentId}</Link> (
      {e.inCalibration === true ? 'in calibration' : e.inCalibration === false ? 'NOT in calibration' : 'calibration unknown'})
    </span>
  ));
  switch (entry.type) {
    case 'ProductionStepCompleted': {
      const s = d as unknown as StepFacts;
      return (
        <>
          Step {s.sequence} {s.operation} at {s.workCenter} by <Link href={personPath(s.operatorId)}>{s.operatorId}</Link>
          {entry.operator && (
            <span class={entry.operator.qualified === true ? 'ok' : 'bad'}>
              {' '}
              ({entry.operator.qualified === true ? 'qualified' : entry.operator.qualified === false ? 'NOT qualified' : 'qualification unknown'}
              {entry.operator.reasons.length ? `: ${entry.operator.reasons.join(', ')}` : ''})
            </span>
          )}
          , SOP {s.sopRevision}
          {entry.sop && (
            <span class={entry.sop.inForce === true ? 'ok' : 'bad'}>
              {' '}
              ({entry.sop.inForce === true ? 'in force' : entry.sop.inForce === false ? 'NOT in force' : 'revision unknown'}
              {entry.sop.reasons.length ? `: ${entry.sop.reasons.join(', ')}` : ''})
            </span>
          )}
          : {s.quantityGood} good, {s.quantityScrapped} scrapped.
          {equipment}
        </>
      );
    }
    case 'InspectionRecorded': {
      const c = d.characteristic as { id: string; unit?: string };
      return (
        <>
          Inspection {String(d.inspectionId)} ({String(d.stage)}) of {c.id}:{' '}
          <span class="measurements">
            {formatRecordedValue(d.measurements)}
            {c.unit ? ` ${c.unit}` : ''}
          </span>{' '}
          — <span class={d.verdict === 'fail' ? 'fail' : 'ok'}>{String(d.verdict)}</span>
          {equipment}
        </>
      );
    }
    case 'NonconformanceRaised':
      return `Nonconformance ${String(d.ncId)}: ${String(d.description)} (${String(d.quantityAffected)} affected)`;
    case 'NonconformanceDispositioned':
      return `Nonconformance ${String(d.ncId)} dispositioned: ${String(d.disposition)} by ${String(d.authorizedBy)}`;
    case 'LotHeld':
      return (
        <span class="bad">
          On hold ({String(d.holdId)}, {String(d.scope)}): {String(d.reason)}
          {d.heldFrom && d.heldFrom !== entry.data.lotNumber ? ` — held from ${String(d.heldFrom)}` : ''}
        </span>
      );
    case 'LotHoldReleased':
      return `Hold ${String(d.holdId)} released: ${String(d.reason)}`;
    case 'LotReleased':
      return <span class="ok">Released for shipment ({String(d.releaseId)})</span>;
    case 'RecordSigned': {
      // The signature's human-readable manifestation (21 CFR 11.50): printed name, date and time, meaning.
      const signedFor = d.signedFor as { eventType?: string; id?: string } | undefined;
      return (
        <span class="signature">
          Signed by <strong>{String(d.printedName)}</strong> ({String(d.personId)}) on {formatInstant(String(d.signedAt))}, meaning{' '}
          <strong>{String(d.meaning)}</strong>
          {signedFor?.eventType ? ` — for ${signedFor.eventType} ${signedFor.id ?? ''}` : ''}
        </span>
      );
    }
    default:
      return `${entry.type}: ${JSON.stringify(d)}`;
  }
}

/** Who signed, when, meaning what (21 CFR 11.50), as the history gives it on a signed record. */
function signedBy(signature: HistoryEntry['signature']): ComponentChildren {
  if (!signature) return null;
  return (
    <span class="signature">
      {' '}
      — signed by <strong>{signature.printedName}</strong> ({signature.personId}) on {formatInstant(signature.signedAt)}, meaning{' '}
      <strong>{signature.meaning}</strong>
    </span>
  );
}

/**
 * A corrected entry: the original struck through beside the data it has now, and each correction
 * with the fields it changed (the value before struck through, the value after), its reason and signer.
 */
function CorrectedEntry({ entry, current }: { entry: HistoryEntry; current: Record<string, unknown> }) {
  const corrections = entry.correctedBy ?? [];
  return (
    <span data-corrected={corrections.map((c) => c.id).join(' ')}>
      <s class="struck">{entryText(entry)}</s> <span class="corrected">corrected to: {entryText({ ...entry, data: current })}</span>
      <span class="corrections">
        {corrections.map((c) => (
          <span key={c.eventId} class="correction-note" data-correction={c.id}>
            Correction {c.id}:
            {fieldChanges(c.previous, c.corrected).map((change) => (
              <span key={change.field} class="change" data-field={change.field}>
                {' '}
                {change.field} <del>{change.before}</del> → <ins>{change.after}</ins>;
              </span>
            ))}{' '}
            reason: <span class="reason">{c.reason}</span>
            {signedBy(c.signature)}
          </span>
        ))}
      </span>
    </span>
  );
}

/**
 * A history entry: a corrected or voided one keeps its original, struck through, beside the
 * correction (its data now) or the void, with the reason and the signer; nothing is hidden.
 */
function TimelineEntry({ entry }: { entry: HistoryEntry }) {
  const corrected = entry.correctedBy?.length && entry.current ? <CorrectedEntry entry={entry} current={entry.current} /> : null;
  if (entry.voidedBy) {
    return (
      <span data-voided={entry.voidedBy.id}>
        <s class="struck">{corrected ?? entryText(entry)}</s>{' '}
        <span class="bad void-note">
          Voided ({entry.voidedBy.id}): <span class="reason">{entry.voidedBy.reason}</span>
        </span>
        {signedBy(entry.voidedBy.signature)}
      </span>
    );
  }
  if (corrected) return corrected;
  if (entry.type === 'EventCorrected' || entry.type === 'EventVoided') {
    const d = entry.data as Record<string, unknown>;
    const what = entry.type === 'EventCorrected' ? `Correction ${String(d.correctionId)}` : `Void ${String(d.voidId)}`;
    return (
      <span>
        {what} of {String(d.eventType)} {String(d.recordId ?? '')}: {String(d.reason)}
        {signedBy(entry.signature)}
      </span>
    );
  }
  return <>{entryText(entry)}</>;
}

function LotPage(props: { lot: string }) {
  const base = `/v1/lots/${encodeURIComponent(props.lot)}`;
  const summary = useApi<LotSummary>(base);
  const historyAnswer = useApi<LotHistory>(`${base}/history`);
  const backward = useApi<Genealogy>(`${base}/genealogy?direction=backward`);
  const forward = useApi<Genealogy>(`${base}/genealogy?direction=forward`);
  const graph = useMemo(() => (backward?.ok && forward?.ok ? genealogyGraph(backward.data, forward.data) : undefined), [backward, forward]);
  if (!summary) return <p>Loading…</p>;
  if (!summary.ok) return <Problem result={summary} />;
  const s = summary.data;
  return (
    <>
      <h1>Lot {s.lotNumber}</h1>
      {s.kind !== 'material' && (
        <p>
          <Link href={firstArticlePath(s.lotNumber)}>First article (AS9102 forms)</Link>
        </p>
      )}
      <section aria-label="Summary">
        <table>
          <tbody>
            <tr>
              <th>Part</th>
              <td>
                {s.partNumber} rev {s.partRevision ?? '—'}
              </td>
              <th>Kind</th>
              <td>{s.kind}</td>
            </tr>
            <tr>
              <th>Site</th>
              <td>{s.siteId}</td>
              <th>Status</th>
              <td>{s.status}</td>
            </tr>
            <tr>
              <th>Quantity</th>
              <td>{formatQuantity(s.quantity, s.unit)}</td>
              <th>Remaining</th>
              <td>{formatQuantity(s.quantityRemaining, s.unit)}</td>
            </tr>
            <tr>
              <th>Inspections</th>
              <td>
                {s.inspections.pass} pass, {s.inspections.fail} fail, {s.inspections['n/a']} n/a
              </td>
              <th>Open NCs</th>
              <td>{s.openNonconformances.length}</td>
            </tr>
            <tr>
              <th>Release</th>
              <td id="lot-release" data-status={s.release.status}>
                {releaseText(s.release)}
              </td>
              <th>Holds in force</th>
              <td id="lot-holds">{holdsText(s.release)}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section aria-label="Genealogy">
        <h2>Genealogy (backward and forward)</h2>
        {graph ? (
          <>
            <GenealogyGraph nodes={graph.nodes} edges={graph.edges} onOpenLot={(lot) => navigate(lotPath(lot))} />
            <ul id="genealogy-list">
              {graph.nodes.map((n) => (
                <li key={n.id} data-node={n.id}>
                  {n.type === 'lot' ? <Link href={lotPath(n.id)}>{n.label}</Link> : `customer ${n.label}`} ({n.kind})
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>Loading…</p>
        )}
      </section>
      <section aria-label="Recall scope">
        <h2>Recall scope</h2>
        {forward?.ok ? (
          forward.data.shipments.length ? (
            <table>
              <thead>
                <tr>
                  <th>Customer</th>
                  <th>Lot</th>
                  <th>Shipment</th>
                  <th>Quantity</th>
                  <th>Shipped</th>
                </tr>
              </thead>
              <tbody>
                {forward.data.shipments.map((sh) => (
                  <tr key={sh.shipmentId}>
                    <td>{sh.customer}</td>
                    <td>{sh.lotNumber}</td>
                    <td>{sh.shipmentId}</td>
                    <td>{sh.quantity ?? '—'}</td>
                    <td>{formatInstant(sh.shippedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Nothing reached from this lot has been shipped.</p>
          )
        ) : null}
        {forward?.ok && forward.data.hiddenLots > 0 && <p>{forward.data.hiddenLots} lot(s) of other sites are not shown.</p>}
      </section>
      <section aria-label="Device history record">
        <h2>Device history record</h2>
        {historyAnswer?.ok ? (
          <ol class="timeline">
            {historyAnswer.data.events.map((e) => (
              <li key={e.eventId} data-event={e.eventId}>
                <strong>{formatInstant(e.occurredAt)}</strong> — <TimelineEntry entry={e} />
              </li>
            ))}
          </ol>
        ) : null}
      </section>
    </>
  );
}

/** Stage and date-range filter of the chart page; kept in the URL so a filtered chart can be shared. */
function ChartFilter() {
  const query = new URLSearchParams(location.search);
  const [stage, setStage] = useState(query.get('stage') ?? '');
  const [from, setFrom] = useState((query.get('from') ?? '').slice(0, 10));
  const [to, setTo] = useState((query.get('to') ?? '').slice(0, 10));
  return (
    <form
      id="chart-filter"
      onSubmit={(e) => {
        e.preventDefault();
        const next = new URLSearchParams();
        if (stage) next.set('stage', stage);
        if (from) next.set('from', `${from}T00:00:00Z`);
        if (to) next.set('to', `${to}T00:00:00Z`);
        const search = next.toString();
        navigate(`${location.pathname}${search ? `?${search}` : ''}`);
      }}
    >
      <label for="stage">Stage</label>{' '}
      <select id="stage" value={stage} onChange={(e) => setStage((e.target as HTMLSelectElement).value)}>
        <option value="">all</option>
        {['IQC', 'IPQC', 'OQC', 'FAI'].map((st) => (
          <option key={st} value={st}>
            {st}
          </option>
        ))}
      </select>{' '}
      <label for="from">From</label> <input id="from" type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />{' '}
      <label for="to">To (exclusive)</label> <input id="to" type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />{' '}
      <button type="submit">Apply</button>
    </form>
  );
}

function ChartPage(props: { part: string; characteristic: string }) {
  const [table, setTable] = useState(false);
  const answer = useApi<CapabilityAnswer>(
    `/v1/parts/${encodeURIComponent(props.part)}/characteristics/${encodeURIComponent(props.characteristic)}/capability${location.search}`,
  );
  if (!answer) return <p>Loading…</p>;
  if (!answer.ok)
    return (
      <>
        <ChartFilter />
        <Problem result={answer} />
      </>
    );
  const a = answer.data;
  const indices = [
    ['Cp', a.cp],
    ['Cpk', a.cpk],
    ['Pp', a.pp],
    ['Ppk', a.ppk],
  ] as const;
  return (
    <>
      <h1>
        {a.partNumber} · {a.characteristicId}
      </h1>
      <ChartFilter />
      <section class="kpis" aria-label="Capability indices">
        {indices.map(([name, value]) => (
          <div key={name} class={`kpi band-${capabilityBand(value)}`} data-index={name}>
            {name} <strong>{formatNumber(value, 2)}</strong> ({BAND_LABEL[capabilityBand(value)]})
          </div>
        ))}
        <div class="kpi">
          chart {a.chart}, {a.subgroups} subgroups, n = {a.n}
        </div>
      </section>
      <section>
        <h2>Control chart ({a.chart === 'i-mr' ? 'individuals' : 'X̄'})</h2>
        <ControlChart answer={a} onOpenLot={(lot) => navigate(lotPath(lot))} />
        <h2>{dispersionName(a.chart)} chart</h2>
        <DispersionChart answer={a} />
        <h2>Capability histogram (subgroup means; normal curve of σ overall)</h2>
        <CapabilityHistogram answer={a} />
        <button type="button" aria-pressed={table} onClick={() => setTable(!table)}>
          {table ? 'Hide' : 'Show'} the numbers as a table
        </button>
        {table && (
          <table id="points-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Lot</th>
                <th>Inspection</th>
                <th>Mean</th>
                <th>Range</th>
                <th>LCL</th>
                <th>UCL</th>
                <th>Rules</th>
              </tr>
            </thead>
            <tbody>
              {controlPoints(a).map((p) => (
                <tr key={p.inspectionId}>
                  <td>{p.index + 1}</td>
                  <td>
                    <Link href={lotPath(p.lotNumber)}>{p.lotNumber}</Link>
                  </td>
                  <td>{p.inspectionId}</td>
                  <td>{formatNumber(p.mean, 4)}</td>
                  <td>{formatNumber(p.range, 4)}</td>
                  <td>{formatNumber(p.lcl, 4)}</td>
                  <td>{formatNumber(p.ucl, 4)}</td>
                  <td>{p.rules.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Consistency">
        <h2>Consistency of {a.partNumber}: lots against the baseline</h2>
        <ConsistencyTable part={a.partNumber} />
      </section>
    </>
  );
}

function Search() {
  const [lot, setLot] = useState('');
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (lot.trim()) navigate(lotPath(lot.trim()));
      }}
    >
      <input aria-label="Lot number" placeholder="Lot number" value={lot} onInput={(e) => setLot((e.target as HTMLInputElement).value)} id="lot-search" />{' '}
      <button type="submit">Open lot</button>
    </form>
  );
}

function route(path: string): ComponentChildren {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'sign-in') return <SignIn />;
  if (!apiKey()) {
    queueMicrotask(toSignIn);
    return null;
  }
  if (parts[0] === 'lots' && parts.length === 2) return <LotPage lot={parts[1]} />;
  if (parts[0] === 'lots' && parts[2] === 'first-article' && parts.length === 3) return <FirstArticlePage lot={parts[1]} />;
  if (parts[0] === 'equipment' && parts[2] === 'msa-studies' && parts.length === 4) return <GaugeStudyPage equipmentId={parts[1]} studyId={parts[3]} />;
  if (parts[0] === 'parts' && parts[2] === 'characteristics' && parts.length === 4) return <ChartPage part={parts[1]} characteristic={parts[3]} />;
  if (parts[0] === 'audit') return <AuditPage />;
  if (parts.length === 2) {
    if (parts[0] === 'equipment') return <EquipmentPage id={parts[1]} />;
    if (parts[0] === 'prototypes') return <PrototypePage id={parts[1]} />;
    if (parts[0] === 'people') return <PersonPage id={parts[1]} />;
    if (parts[0] === 'documents') return <DocumentPage id={parts[1]} />;
    if (parts[0] === 'suppliers') return <SupplierPage id={parts[1]} />;
  }
  return (
    <section>
      <h1>Lotstream</h1>
      <p>
        Start with the search box: type a lot number to open its record, genealogy and recall scope. From a lot, the links lead to its equipment (calibration
        timeline and out-of-tolerance impact) and operators (qualifications, trainings, unqualified work). A part's control chart and consistency table are at
        /parts/&#123;part&#125;/characteristics/&#123;characteristic&#125;; prototype builds at /prototypes/&#123;buildId&#125;, controlled documents at
        /documents/&#123;documentId&#125;.
      </p>
    </section>
  );
}

function App() {
  // The query is part of the page's identity (a chart's stage and dates): a new query is a new page.
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const onPop = () => setPath(location.pathname + location.search);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return (
    <>
      <header>
        <nav>
          <Link href="/">Lotstream</Link>
          <Link href="/audit">Audit</Link>
        </nav>
        <Search />
      </header>
      <main key={path}>{route(location.pathname)}</main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
