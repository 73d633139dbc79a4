import { documentDecider } from '@lotstream/documents';
import { equipmentDecider } from '@lotstream/metrology';
import { personDecider } from '@lotstream/personnel';
import { qualityLotDecider } from '@lotstream/quality';
import { DEFAULT_SITE_POLICY, evolveSitePolicy } from '@lotstream/sites';
import type { StreamEvolvers } from './stream-evolvers';

/**
 * The command side's evolve per stream category: the as-of state of a stream is exactly what its
 * decider would have decided on. Categories without one (prototype, access, revision) fold generically.
 */
export const COMMAND_SIDE_EVOLVERS: StreamEvolvers = {
  // A lot stream holds production's and quality's facts: the state both contexts decide on.
  lot: qualityLotDecider,
  equipment: equipmentDecider,
  person: personDecider,
  document: documentDecider,
  site: { initialState: DEFAULT_SITE_POLICY, evolve: evolveSitePolicy },
};
