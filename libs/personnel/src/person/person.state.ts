import type { PersonRecord } from '@lotstream/domain';
import { assertNever, foldStream, LoadedStream } from '@lotstream/domain';
import type { PasswordHash, PersonEvent, PersonRegistered, QualificationGranted } from './person.events';

/** The person's signing credential as signatures and enrolments need it. */
export interface SigningState {
  /** The open enrolment (token hash and expiry) until a credential is set with it. */
  enrolment?: { tokenHash: string; expiresAt: string };
  credential?: PasswordHash;
  /** Failed signature attempts since the credential was set. */
  failedAttempts: number;
  locked: boolean;
}

/** What write decisions (and the site policy's check of a step) need to know about a person. */
export interface PersonState {
  registered?: PersonRegistered['data'];
  qualifications: ReadonlyMap<string, QualificationGranted['data']>;
  revoked: ReadonlySet<string>;
  trainingIds: ReadonlySet<string>;
  /** The person's record as the qualification rule reads it (libs/domain work-conditions). */
  record: PersonRecord;
  signing: SigningState;
}

export const initialPersonState: PersonState = {
  qualifications: new Map(),
  revoked: new Set(),
  trainingIds: new Set(),
  record: { qualifications: [], revocations: [], trainings: [] },
  signing: { failedAttempts: 0, locked: false },
};

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonRegistered':
      return { ...state, registered: event.data };
    case 'QualificationGranted': {
      const q = event.data;
      return {
        ...state,
        qualifications: new Map(state.qualifications).set(q.qualificationId, q),
        record: {
          ...state.record,
          qualifications: [...state.record.qualifications, { ...q, recorded: state.record.qualifications.length + 1 }],
        },
      };
    }
    case 'QualificationRevoked':
      return {
        ...state,
        revoked: new Set(state.revoked).add(event.data.qualificationId),
        record: { ...state.record, revocations: [...state.record.revocations, event.data] },
      };
    case 'TrainingCompleted':
      return {
        ...state,
        trainingIds: new Set(state.trainingIds).add(event.data.trainingId),
        record: { ...state.record, trainings: [...state.record.trainings, event.data] },
      };
    case 'SignerEnrolled':
      return { ...state, signing: { enrolment: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt }, failedAttempts: 0, locked: false } };
    case 'SigningCredentialSet':
      return { ...state, signing: { credential: event.data.credential, failedAttempts: 0, locked: false } };
    case 'SignatureAttemptFailed':
      return { ...state, signing: { ...state.signing, failedAttempts: event.data.failedAttempts } };
    case 'SigningCredentialLocked':
      return { ...state, signing: { ...state.signing, locked: true } };
    default:
      return assertNever(event);
  }
}

export const personDecider = { initialState: initialPersonState, evolve: evolvePerson };

export const personOf = (stream: LoadedStream): PersonState => foldStream(stream, initialPersonState, evolvePerson);
