import type { DetectionSeverity } from '../../../shared/model/detection.ts';

export type RuleSort = 'severity' | 'hits' | 'title';

/** How the rule list is narrowed; every member null or empty shows every rule. */
export interface RuleListFilter {
  text: string;
  severity: DetectionSeverity | null;
  family: string | null;
  technique: string | null;
  /** Null until the analyst chooses: then it is on when any rule has hits. */
  withHits: boolean | null;
  sort: RuleSort;
}

/**
 * Where the analyst is in the Detections view. The app keeps it, so that coming back from
 * the explorer (after "Show events") finds the same rule, filters and page of hits.
 */
export interface DetectionsPlace {
  ruleId: string | null;
  list: RuleListFilter;
  hitOffset: number;
}

export const firstPlace: DetectionsPlace = {
  ruleId: null,
  list: { text: '', severity: null, family: null, technique: null, withHits: null, sort: 'severity' },
  hitOffset: 0,
};
