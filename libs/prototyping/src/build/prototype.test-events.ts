import type { PrototypeEvent } from './prototype.events';

/** Event builders for given/when/then specs of prototype decisions. */
export const buildStarted: PrototypeEvent = {
  type: 'PrototypeBuildStarted',
  data: { buildId: 'B1', partNumber: 'PN-1', designRevision: 'D0', siteId: 'S1', requestedBy: 'R&D', purpose: 'Try it' },
};
export const buildCompleted = (outcome: 'accepted' | 'rejected'): PrototypeEvent => ({ type: 'PrototypeBuildCompleted', data: { outcome } });
