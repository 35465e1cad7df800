export interface CaseInfo {
  events: number;
  sources: number;
  errors: number;
  first_event: string | null;
  last_event: string | null;
  accounts: string[];
  regions: string[];
  event_sources: string[];
}
