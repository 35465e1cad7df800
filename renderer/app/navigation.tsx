import { createContext, useContext } from 'react';
import type { ExploreFilter } from '../../shared/model/explore.ts';

/**
 * Pivots between views: any view can send the analyst to the explorer (narrowed, with one
 * event open) or to the SQL console (with a query written, and run). The App implements it.
 */
export interface Navigation {
  /** The explorer narrowed to `filter`, with the event `eventKey` open when given. */
  explore(filter: ExploreFilter, eventKey?: string): void;
  /** The SQL console with `sql` in its editor, run at once when `run` is true. */
  query(sql: string, run: boolean): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation needs a NavigationContext above it');
  return navigation;
}
