import { observationHistoryKey, observationKey } from './keys.ts';
import type { Observation } from './model.ts';

/** An observation as stored: keyed by day and job, and by target for its history. */
export function observationItem(observation: Observation): Record<string, unknown> {
  return { ...observationKey(observation.date, observation), ...observationHistoryKey(observation.date, observation), type: 'observation', ...observation };
}
