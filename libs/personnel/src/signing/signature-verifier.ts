import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@lotstream/event-store';
import { EVENT_STORE } from '@lotstream/platform';
import { isRejection, reject, Rejection, RecordSigned, SignatureClaim } from '@lotstream/domain';
import { appendTo, LoadedStream, RecordedRefusal, StreamView } from '@lotstream/recording';
import { personStreamId } from '../person/person.events';
import { personOf } from '../person/person.state';
import { passwordMatches } from './password-hash';
import { judgeSignatureAttempt, signatureRejected } from './signing';

/** The record a signature is given on: its stream as the command's decision saw it, and its site. */
export interface RecordToSign {
  stream: LoadedStream;
  siteId: string;
}

/**
 * The signature check every signed command calls before deciding: the signer re-authenticates with
 * person id and password. Unknown signer, a person of another site than the record's, a wrong
 * password or a locked credential → 403 `signature-rejected` and nothing of the command is stored;
 * a failed password attempt is recorded on the person's stream (and the fifth locks the credential).
 * On success: the RecordSigned event binding the signature to the record's stream version and chain hash.
 */
@Injectable()
export class SignatureVerifier {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async sign(
    view: StreamView,
    claim: SignatureClaim,
    record: RecordToSign,
    signedFor: RecordSigned['data']['signedFor'] & { signatureId: string },
    now: string,
  ): Promise<RecordSigned | Rejection | RecordedRefusal> {
    const personStream = await view.load(personStreamId(claim.personId));
    const person = personOf(personStream);
    // An unknown signer, or one of another site, is refused exactly like a wrong password (nothing
    // says whether the person exists) but leaves no trace: there is no credential being attacked.
    if (!person.registered || person.registered.siteId !== record.siteId) return signatureRejected();
    const credential = person.signing.credential;
    const matches = credential !== undefined && !person.signing.locked && (await passwordMatches(claim.password, credential));
    const attempt = judgeSignatureAttempt(person, matches, now);
    if (!attempt.accepted) return { ...attempt.rejection, record: [appendTo(personStream, person.registered.siteId, attempt.events, now)] };
    const hash = await this.headHash(record.stream);
    if (isRejection(hash)) return hash;
    const { signatureId, eventType, id } = signedFor;
    return {
      type: 'RecordSigned',
      data: {
        signatureId,
        personId: claim.personId,
        printedName: person.registered.name,
        meaning: claim.meaning,
        signedAt: now,
        signs: { streamId: record.stream.streamId, streamVersion: record.stream.version, hash },
        signedFor: { eventType, id },
      },
    };
  }

  /** The chain hash of the stream at the version the decision saw (the store's; a batch's unstored items have none yet). */
  private async headHash(stream: LoadedStream): Promise<string | Rejection> {
    const events = await this.store.readStream(stream.streamId, { toVersion: stream.version, upcast: false });
    const head = events[events.length - 1];
    if (!head || head.streamVersion !== stream.version) {
      return reject('conflict', 'record-changed', 'The record is not stored at the version being signed; sign it again as it stands.');
    }
    return head.hash;
  }
}
