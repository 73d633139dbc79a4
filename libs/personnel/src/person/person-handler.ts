import type { Actor } from '@lotstream/access';
import { reject, Rejection } from '@lotstream/domain';
import { loadVisible, StreamView, VisibleStream } from '@lotstream/recording';
import { personStreamId } from './person.events';
import { personOf, PersonState } from './person.state';

export const personNotFound = (personId: string): Rejection => reject('not-found', 'person-not-found', `Person ${personId} was not found.`);

/** Loads the person a command addresses; a person of another site answers exactly like a missing one. */
export const loadPerson = (view: StreamView, personId: string, actor: Actor): Promise<VisibleStream<PersonState> | Rejection> =>
  loadVisible(
    view,
    personStreamId(personId),
    personOf,
    (p) => p.registered?.siteId,
    actor,
    () => personNotFound(personId),
  );
