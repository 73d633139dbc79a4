import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { problem, ProblemError } from '@lotstream/platform';
import { Actor, KEYLESS_ACTOR } from './actor';

/** Where the guard leaves the authenticated caller on the request. */
export const ACTOR_PROPERTY = 'lotstreamActor';

export function actorOf(request: object): Actor | undefined {
  return (request as Record<string, Actor | undefined>)[ACTOR_PROPERTY];
}

/**
 * The caller of the route, as authenticated by its API key. Record it on events from here, never
 * from the body.
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = actorOf(context.switchToHttp().getRequest());
  // Only a @Public() route has no actor; asking for one there is a programming error, not a 500 leak.
  if (!actor) throw new ProblemError(problem(401, 'unauthenticated', 'This route needs an API key.'));
  return actor;
});

/** The caller of a @KeyOptional() route: the key's actor when one was presented, else KEYLESS_ACTOR. */
export const ActorOrKeyless = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor => actorOf(context.switchToHttp().getRequest()) ?? KEYLESS_ACTOR,
);
