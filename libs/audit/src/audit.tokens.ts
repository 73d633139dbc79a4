import type { ProjectionRunner } from '@lotstream/messaging';

/**
 * The read models of this process: the live runner when the projector runs here (paused during a
 * rebuild's swap), and a runner on the same schema used only to read lag and checkpoints otherwise.
 */
export interface LiveReadModels {
  runner: ProjectionRunner | undefined;
  observer: ProjectionRunner;
}
export const LIVE_READ_MODELS = Symbol('LIVE_READ_MODELS');
