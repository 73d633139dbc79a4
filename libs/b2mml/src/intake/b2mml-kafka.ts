import type { Actor } from '@lotstream/access';
import { API_KEY_HEADER, IncomingMesMessage, IntakeOutcome, MesSource } from '@lotstream/messaging';
import { ProblemError } from '@lotstream/platform';
import { B2mmlIntake } from './b2mml-intake';

export interface B2mmlKafkaDeps {
  authenticate(apiKey: string): Promise<Actor | undefined>;
  integrationKey?: string;
  intake: B2mmlIntake;
}

const CORRELATION = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * BODs on `<prefix>mes.b2mml`: each handled like POST /v1/integrations/b2mml, one result per BOD on
 * `<prefix>mes.results` keyed by BODID. A value that is not well-formed XML goes to the dead-letter
 * topic; a refused document (DOCTYPE, too deep, too many elements) gets a 400 result, as over HTTP.
 * A GetMaterialLot is answered there too: `{bodId, status: 200, show: 'ShowMaterialLot', lots, xml}`.
 */
export function b2mmlSource(deps: B2mmlKafkaDeps): MesSource {
  return {
    topic: (topics) => topics.mesB2mml,
    internalError: () => ({
      key: null,
      value: {
        bodId: null,
        status: 500,
        problem: {
          type: 'https://lotstream.dev/problems/internal',
          title: 'Internal Server Error',
          status: 500,
          detail: 'The BOD could not be processed; nothing new was recorded for it. Send it again (same BODID).',
        },
      },
    }),
    handle: async (message: IncomingMesMessage): Promise<IntakeOutcome> => {
      const xml = message.value?.toString('utf8') ?? '';
      let bod;
      try {
        bod = B2mmlIntake.read(xml);
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        if (error.problem.type.endsWith('/xml-malformed')) return { kind: 'dead-letter', reason: 'value is not well-formed XML' };
        return { kind: 'result', key: null, value: { bodId: null, status: error.problem.status, problem: error.problem } };
      }
      const key = bod.bodId ?? null;
      const refuse = (problem: ProblemError['problem']): IntakeOutcome => ({ kind: 'result', key, value: { bodId: key, status: problem.status, problem } });
      const presented = message.headers[API_KEY_HEADER] ?? deps.integrationKey;
      const actor = presented ? await deps.authenticate(presented) : undefined;
      if (!actor) {
        return refuse({
          type: 'https://lotstream.dev/problems/unauthenticated',
          title: 'Unauthorized',
          status: 401,
          detail: 'The api-key header (or the integration identity) is not a valid API key.',
        });
      }
      if (actor.role !== 'integration') {
        return refuse({
          type: 'https://lotstream.dev/problems/forbidden',
          title: 'Forbidden',
          status: 403,
          detail: 'B2MML BODs are recorded for integration keys only.',
        });
      }
      if (B2mmlIntake.isGet(bod)) {
        const shown = await deps.intake.show(bod, actor);
        return { kind: 'result', key, value: { ...shown, status: 200 } };
      }
      const given = message.headers['correlation-id'];
      try {
        const answer = await deps.intake.record(xml, bod, actor, given && CORRELATION.test(given) ? given : message.coordinates);
        return { kind: 'result', key, value: { ...answer, status: 200 } };
      } catch (error) {
        if (error instanceof ProblemError) return refuse(error.problem);
        throw error;
      }
    },
  };
}
