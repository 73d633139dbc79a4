import { problem, ProblemError } from '@lotstream/platform';
import { Actor, canSeeSite } from './actor';

/**
 * For a lot, equipment or build of another site: answer exactly as if it did not exist (404), so a
 * key cannot learn what other sites hold. Call it with the same detail as the handler's real 404.
 */
export function assertSiteVisible(actor: Actor, siteId: string, notFoundDetail: string): void {
  if (!canSeeSite(actor, siteId)) throw new ProblemError(problem(404, 'not-found', notFoundDetail));
}

/** For a command that creates something at a site (a body's `siteId`) the key may not write to: 403. */
export function assertSiteWritable(actor: Actor, siteId: string): void {
  if (!canSeeSite(actor, siteId)) {
    throw new ProblemError(problem(403, 'site-forbidden', `This API key may not write to site "${siteId}".`));
  }
}
