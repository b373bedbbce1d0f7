/**
 * In-memory navigation. The address bar stays at `/` and the browser's history is never written, so no
 * client or session id, and no patient text, ever reaches a URL, the history or a bookmark; the window's
 * title is always "Attune". Reloading the page starts again at the signed-in user's home page.
 */
import { createContext, createElement, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export type Route =
  | { page: 'queue' }
  | { page: 'clients' }
  | { page: 'client'; clientId: string }
  | { page: 'session'; sessionId: string; turnId?: string }
  | { page: 'new-session'; clientId?: string }
  | { page: 'erase'; target: { kind: 'session'; sessionId: string; clientId: string } | { kind: 'client'; clientId: string } }
  | { page: 'team' }
  | { page: 'admin' };

export type PageName = Route['page'];

export interface Nav {
  route: Route;
  go(route: Route): void;
}

export const APP_TITLE = 'Attune';

const NavContext = createContext<Nav | null>(null);

/** A key that changes whenever the route does (pages are remounted on it, so each starts fresh). */
export function routeKey(route: Route): string {
  return JSON.stringify(route);
}

export function NavProvider(props: { initial: Route; children?: ReactNode; onNavigate?: (route: Route) => void }): ReactNode {
  const { initial, onNavigate } = props;
  const [route, setRoute] = useState<Route>(initial);
  const go = useCallback(
    (next: Route) => {
      // Deliberately no history.pushState and no title: see the comment at the top.
      if (document.title !== APP_TITLE) document.title = APP_TITLE;
      setRoute(next);
      onNavigate?.(next);
    },
    [onNavigate],
  );
  const value = useMemo(() => ({ route, go }), [route, go]);
  return createElement(NavContext.Provider, { value }, props.children);
}

export function useNav(): Nav {
  const nav = useContext(NavContext);
  if (!nav) throw new Error('useNav is used outside the signed-in app');
  return nav;
}
