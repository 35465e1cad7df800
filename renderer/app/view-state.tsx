import {
  createContext,
  type ReactNode,
  type SetStateAction,
  useCallback,
  useContext,
  useRef,
  useSyncExternalStore,
} from 'react';

/**
 * The analyst's place in every view, kept above the views so that switching away and back
 * loses nothing: a view calls `useViewState('console.sql', …)` where it would call `useState`.
 * A case opened anew starts from an empty store (the provider is keyed by the opening).
 */
class ViewStore {
  private readonly values = new Map<string, unknown>();
  private readonly listeners = new Map<string, Set<() => void>>();

  has(key: string) {
    return this.values.has(key);
  }

  get<T>(key: string): T {
    return this.values.get(key) as T;
  }

  set(key: string, value: unknown) {
    if (Object.is(this.values.get(key), value) && this.values.has(key)) return;
    this.values.set(key, value);
    for (const listener of this.listeners.get(key) ?? []) listener();
  }

  subscribe(key: string, listener: () => void) {
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    return () => void set.delete(listener);
  }
}

const StoreContext = createContext<ViewStore | null>(null);

export function ViewStateProvider({ children }: { children: ReactNode }) {
  const store = useRef<ViewStore | null>(null);
  store.current ??= new ViewStore();
  return <StoreContext.Provider value={store.current}>{children}</StoreContext.Provider>;
}

function useStore(): ViewStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useViewState needs a ViewStateProvider above it');
  return store;
}

/** `useState` whose value outlives the component: the same key gives the same value after a remount. */
export function useViewState<T>(key: string, initial: T | (() => T)): [T, (next: SetStateAction<T>) => void] {
  const store = useStore();
  if (!store.has(key)) store.set(key, typeof initial === 'function' ? (initial as () => T)() : initial);
  const subscribe = useCallback((listener: () => void) => store.subscribe(key, listener), [store, key]);
  const value = useSyncExternalStore(subscribe, () => store.get<T>(key));
  const set = useCallback(
    (next: SetStateAction<T>) =>
      store.set(key, typeof next === 'function' ? (next as (old: T) => T)(store.get<T>(key)) : next),
    [store, key],
  );
  return [value, set];
}
