import type { Bod } from '../mapping/bod';

/** What one command of a noun got: as a /v1/batch item result. */
export interface NounCommandResult {
  type: string;
  status: number;
  streamId?: string;
  streamVersion?: number;
  /** Why a 200 appended nothing (a Produced lot already registered with the same facts). */
  detail?: string;
  problem?: Record<string, unknown>;
}

/** One noun instance of the BOD and what became of it. */
export interface NounResult {
  position: number;
  noun: string;
  id?: string;
  /** 201 when every command was written (or acknowledged only), 200 when all were replays, else the refused command's status (the others of the noun are then 424 not-written: a noun is stored all or nothing). */
  status: number;
  commands: NounCommandResult[];
  problem?: Record<string, unknown>;
}

export interface B2mmlAnswer {
  bodId: string | null;
  /** `Acknowledge<Noun>` for Process, `ConfirmBOD` otherwise. */
  acknowledgement: string;
  version: string;
  verb: string;
  noun: string;
  nouns: NounResult[];
}

const RESULT_NS = 'https://lotstream.dev/xml/b2mml-result';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * The XML acknowledgement: the BOD's own namespace, the original BODID in the ApplicationArea, and
 * per noun a Lotstream result element (own namespace, B2MML allows no such detail in ConfirmBOD).
 * No clock: a redelivered BOD gets a byte-identical answer.
 */
export function acknowledgementXml(bod: Pick<Bod, 'namespace' | 'releaseId'>, answer: B2mmlAnswer): string {
  const verbElement = answer.acknowledgement === 'ConfirmBOD' ? '<Confirm/>' : '<Acknowledge/>';
  const nouns = answer.nouns.map((noun) => {
    const commands = noun.commands
      .map(
        (c) =>
          `<r:Command type="${escape(c.type)}" status="${c.status}"${c.streamId ? ` streamId="${escape(c.streamId)}"` : ''}${
            c.streamVersion !== undefined ? ` streamVersion="${c.streamVersion}"` : ''
          }${c.detail ? ` detail="${escape(c.detail)}"` : ''}>${c.problem ? problemXml(c.problem) : ''}</r:Command>`,
      )
      .join('');
    return `<r:Noun position="${noun.position}" name="${escape(noun.noun)}"${noun.id ? ` id="${escape(noun.id)}"` : ''} status="${noun.status}">${commands}${
      noun.problem ? problemXml(noun.problem) : ''
    }</r:Noun>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${answer.acknowledgement} xmlns="${escape(bod.namespace)}" xmlns:r="${RESULT_NS}" releaseID="${escape(bod.releaseId ?? '1')}">` +
    `<ApplicationArea><Sender><LogicalID>Lotstream</LogicalID></Sender>${answer.bodId ? `<BODID>${escape(answer.bodId)}</BODID>` : ''}</ApplicationArea>` +
    `<DataArea>${verbElement}<r:Results verb="${escape(answer.verb)}" noun="${escape(answer.noun)}">${nouns.join('')}</r:Results></DataArea>` +
    `</${answer.acknowledgement}>`
  );
}

function problemXml(problem: Record<string, unknown>): string {
  const errors = Array.isArray(problem.errors) ? (problem.errors as Array<{ field: string; message: string; lotstreamField?: string }>) : [];
  return `<r:Problem type="${escape(String(problem.type ?? ''))}" status="${escape(String(problem.status ?? ''))}"><r:Detail>${escape(String(problem.detail ?? ''))}</r:Detail>${errors
    .map(
      (e) =>
        `<r:Error field="${escape(String(e.field))}"${e.lotstreamField !== undefined ? ` lotstreamField="${escape(String(e.lotstreamField))}"` : ''}>${escape(String(e.message))}</r:Error>`,
    )
    .join('')}</r:Problem>`;
}
