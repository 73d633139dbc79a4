import { equipmentDecider } from '@lotstream/metrology';
import { lotDecider } from '@lotstream/production';
import type { StreamEvolvers } from './stream-evolvers';

/**
 * The command side's evolve per stream category: the as-of state of a stream is exactly what its
 * decider would have decided on. Categories without one (prototype, access) fold generically.
 */
export const COMMAND_SIDE_EVOLVERS: StreamEvolvers = {
  lot: lotDecider,
  equipment: equipmentDecider,
};
