/**
 * Loads data for a page: `loading` until the promise settles, then `data` or `error` (an ApiError, shown with
 * <ProblemAlert>). `reload()` loads again, keeping the last data on screen meanwhile. An answer that arrives
 * after a newer load started, or after the page has gone, is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  loading: boolean;
  error?: unknown;
  data?: T;
  reload(): void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ loading: boolean; error?: unknown; data?: T }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again.
  useEffect(() => {
    const id = ++latest.current;
    let live = true;
    setState((previous) => ({ loading: true, data: previous.data }));
    Promise.resolve()
      .then(() => loadRef.current())
      .then(
        (data) => {
          if (live && id === latest.current) setState({ loading: false, data });
        },
        (error: unknown) => {
          if (live && id === latest.current) setState((previous) => ({ loading: false, error, data: previous.data }));
        },
      );
    return () => {
      live = false;
    };
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}
