/**
 * The signed-in app's frame: a top bar (who is signed in, in which tenant and role, and "Sign out"), the
 * menu for the user's roles, a skip link, and the current page. On every navigation the keyboard focus moves
 * to the new page's heading, so keyboard and screen-reader users start at the top of what changed.
 */
import AppLayout from '@cloudscape-design/components/app-layout';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { type ComponentType, type ReactNode, useEffect, useRef } from 'react';
import { roleLabel, useSession } from '../auth.js';
import { EmptyState } from '../components/EmptyState.js';
import { ErrorBoundary } from '../components/ErrorBoundary.js';
import { type PageName, type Route, routeKey, useNav } from '../nav.js';
import { AdminPage } from '../pages/AdminPage.js';
import { ClientPage } from '../pages/ClientPage.js';
import { ClientsPage } from '../pages/ClientsPage.js';
import { ErasePage } from '../pages/ErasePage.js';
import { NewSessionPage } from '../pages/NewSessionPage.js';
import { QueuePage } from '../pages/QueuePage.js';
import { SessionPage } from '../pages/SessionPage.js';
import { TeamPage } from '../pages/TeamPage.js';
import { homeFor, menuFor, menuPageOf } from './menus.js';

const PAGES: Record<PageName, ComponentType> = {
  queue: QueuePage,
  clients: ClientsPage,
  client: ClientPage,
  session: SessionPage,
  'new-session': NewSessionPage,
  erase: ErasePage,
  team: TeamPage,
  admin: AdminPage,
};

export const MAIN_ID = 'attune-main';

/**
 * A page stays mounted while only the turn it shows changes (a citation followed within the same session):
 * the session page scrolls to the turn rather than loading again.
 */
export function pageKey(route: Route): string {
  return route.page === 'session' ? `session:${route.sessionId}` : routeKey(route);
}

/** Moves the focus to the page's heading (its first h1), or to the main region while the page has none yet. */
export function focusHeading(): void {
  const main = document.getElementById(MAIN_ID);
  if (!main) return;
  const heading = main.querySelector('h1');
  const target: HTMLElement = heading ?? main;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: false });
}

function TopBar(props: { onHome: () => void }): ReactNode {
  const session = useSession();
  const roles = session.roles.length > 0 ? session.roles.map(roleLabel).join(', ') : 'No role';
  return (
    <header id="attune-top" className="attune-top">
      <a
        className="attune-skip"
        href={`#${MAIN_ID}`}
        onClick={(event) => {
          event.preventDefault();
          focusHeading();
        }}
      >
        Skip to main content
      </a>
      <div className="attune-top-row">
        <Button variant="link" onClick={props.onHome} ariaLabel="Attune: home page">
          <span className="attune-brand">Attune</span>
        </Button>
        <SpaceBetween direction="horizontal" size="m" alignItems="center">
          <Box variant="span" color="text-body-secondary">
            <span className="attune-who">
              Signed in as <strong>{session.user}</strong> · {roles} · tenant <strong>{session.tenant}</strong>
            </span>
          </Box>
          <Button onClick={() => session.signOut()}>Sign out</Button>
        </SpaceBetween>
      </div>
    </header>
  );
}

export function Shell(): ReactNode {
  const session = useSession();
  const { route, go } = useNav();
  const key = pageKey(route);
  const shown = useRef(key);

  useEffect(() => {
    // Not on the first page (the skip link comes first then), only when the page changes.
    if (shown.current === key) return;
    shown.current = key;
    // After the new page has rendered its heading.
    const frame = requestAnimationFrame(() => focusHeading());
    return () => cancelAnimationFrame(frame);
  }, [key]);

  const menu = menuFor(session.roles);
  const active = menuPageOf(route.page);
  const Page = PAGES[route.page];
  const home = homeFor(session.roles);

  return (
    <>
      <TopBar onHome={() => go(home)} />
      <AppLayout
        headerSelector="#attune-top"
        toolsHide
        navigation={
          <SideNavigation
            activeHref={`#${active}`}
            items={menu.map((item) => ({ type: 'link', text: item.text, href: `#${item.page}` }))}
            onFollow={(event) => {
              event.preventDefault();
              go({ page: event.detail.href.slice(1) as (typeof menu)[number]['page'] });
            }}
          />
        }
        ariaLabels={{
          navigation: 'Pages',
          navigationClose: 'Close the page menu',
          navigationToggle: 'Open the page menu',
          notifications: 'Notifications',
        }}
        content={
          <div id={MAIN_ID} className="attune-main">
            {session.roles.length === 0 ? (
              <EmptyState
                title="Your account has no role in Attune"
                detail="Ask an administrator to add you to the clinician, supervisor or admin group, then sign in again."
              />
            ) : (
              <ErrorBoundary key={key}>
                <Page key={key} />
              </ErrorBoundary>
            )}
          </div>
        }
      />
    </>
  );
}
