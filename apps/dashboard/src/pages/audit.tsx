import { useState } from 'preact/hooks';
import { apiKey, ApiResult, get } from '../api';
import type { AuditVerifyResult, StreamAsOf } from '../api-types';
import { formatInstant } from '../logic/format';
import { Problem, toSignIn } from '../ui';

// The auditor's page: verify the hash chain, export the log as NDJSON, and read a stream as the
// record showed it at a chosen moment (what was recorded by then, and the state it folds into).

function Verify() {
  const [result, setResult] = useState<ApiResult<AuditVerifyResult>>();
  const [busy, setBusy] = useState(false);
  return (
    <section aria-label="Verify">
      <h2>Verify the hash chain</h2>
      <button
        type="button"
        id="verify"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setResult(await get<AuditVerifyResult>('/v1/audit/verify', toSignIn));
          setBusy(false);
        }}
      >
        Verify the hash chain
      </button>
      {result && !result.ok && <Problem result={result} />}
      {result?.ok && (
        <p id="verify-result" class={result.data.ok ? 'ok' : 'bad'}>
          {result.data.ok
            ? `Chain intact: ${result.data.checked} events checked.`
            : `Chain broken at ${result.data.firstBroken?.streamId} v${result.data.firstBroken?.streamVersion}: ${result.data.firstBroken?.reason}`}
        </p>
      )}
    </section>
  );
}

function Export() {
  const [file, setFile] = useState<{ url: string; lines: number; bytes: number }>();
  const [error, setError] = useState('');
  return (
    <section aria-label="Export">
      <h2>Export the log (NDJSON)</h2>
      <p>Every event as stored, one per line, with its hashes: the file `lotstream verify --file` re-checks offline.</p>
      <button
        type="button"
        id="export"
        onClick={async () => {
          setError('');
          // The key goes in a header, never a URL: fetch the stream, then hand the browser a local file.
          const response = await fetch('/v1/audit/events', { headers: { authorization: `Bearer ${apiKey() ?? ''}`, accept: 'application/x-ndjson' } });
          if (response.status === 401) return toSignIn();
          if (!response.ok) return setError(`Error ${response.status}: the export was refused.`);
          const blob = await response.blob();
          const text = await blob.text();
          if (file) URL.revokeObjectURL(file.url);
          setFile({ url: URL.createObjectURL(blob), lines: text.split('\n').filter(Boolean).length, bytes: blob.size });
        }}
      >
        Prepare the export
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {file && (
        <p id="export-result">
          <a href={file.url} download="lotstream-events.ndjson">
            Download lotstream-events.ndjson
          </a>{' '}
          (<span id="export-lines">{file.lines}</span> events, {file.bytes} bytes)
        </p>
      )}
    </section>
  );
}

function AsOf() {
  const [streamId, setStreamId] = useState('');
  const [moment, setMoment] = useState('');
  const [answer, setAnswer] = useState<ApiResult<StreamAsOf>>();
  return (
    <section aria-label="Stream as of a moment">
      <h2>A stream as of a moment</h2>
      <form
        id="as-of"
        onSubmit={async (e) => {
          e.preventDefault();
          const query = moment ? `?asOf=${encodeURIComponent(new Date(moment).toISOString())}` : '';
          setAnswer(await get<StreamAsOf>(`/v1/audit/streams/${encodeURIComponent(streamId.trim())}${query}`, toSignIn));
        }}
      >
        <label for="stream-id">Stream</label>{' '}
        <input id="stream-id" placeholder="lot-L-2026-0001" value={streamId} onInput={(e) => setStreamId((e.target as HTMLInputElement).value)} size={30} />{' '}
        <label for="as-of-moment">as of (UTC, ISO 8601; empty: now)</label>{' '}
        <input id="as-of-moment" placeholder="2026-03-01T12:00:00Z" value={moment} onInput={(e) => setMoment((e.target as HTMLInputElement).value)} size={24} />{' '}
        <button type="submit">Show</button>
      </form>
      {answer && !answer.ok && <Problem result={answer} />}
      {answer?.ok && (
        <>
          <p id="as-of-summary">
            {answer.data.streamId}: version {answer.data.streamVersion} of {answer.data.currentVersion} as of{' '}
            {answer.data.asOf ? formatInstant(answer.data.asOf) : 'now'} ({answer.data.events.length} events; state folded by the{' '}
            {answer.data.stateSource === 'decider' ? "command side's evolve" : 'generic fold'}).
          </p>
          <ol class="timeline" id="as-of-events">
            {answer.data.events.map((e) => (
              <li key={e.eventId}>
                <strong>v{e.streamVersion}</strong> {e.type}, occurred {formatInstant(e.occurredAt)}, recorded {formatInstant(e.recordedAt)}
              </li>
            ))}
          </ol>
          <details>
            <summary>State</summary>
            <pre>{JSON.stringify(answer.data.state, null, 2)}</pre>
          </details>
        </>
      )}
    </section>
  );
}

export function AuditPage() {
  return (
    <>
      <h1>Audit</h1>
      <Verify />
      <Export />
      <AsOf />
    </>
  );
}
