/** Which pages each role's menu lists, and each role's home page. The API still decides what each may do. */
import type { Role } from '../../../schemas/api.js';
import type { PageName, Route } from '../nav.js';

export interface MenuItem {
  page: 'queue' | 'clients' | 'new-session' | 'team' | 'admin';
  text: string;
}

const ITEMS: Record<MenuItem['page'], string> = {
  queue: 'Review queue',
  clients: 'Clients',
  'new-session': 'New session',
  team: 'Team',
  admin: 'Admin',
};

const BY_ROLE: Record<Role, MenuItem['page'][]> = {
  clinician: ['queue', 'clients', 'new-session'],
  supervisor: ['team', 'clients'],
  admin: ['queue', 'clients', 'admin'],
};

/** The menu for a user's roles, the home page first, each page once; a user with several roles sees each role's pages. */
export function menuFor(roles: readonly Role[]): MenuItem[] {
  const order: Role[] = ['clinician', 'admin', 'supervisor'];
  const pages: MenuItem['page'][] = [];
  for (const role of order) {
    if (!roles.includes(role)) continue;
    for (const page of BY_ROLE[role]) if (!pages.includes(page)) pages.push(page);
  }
  return pages.map((page) => ({ page, text: ITEMS[page] }));
}

/** The first page after sign-in: the review queue for a clinician or an admin, the team view for a supervisor only. */
export function homeFor(roles: readonly Role[]): Route {
  if (roles.includes('clinician') || roles.includes('admin')) return { page: 'queue' };
  if (roles.includes('supervisor')) return { page: 'team' };
  return { page: 'queue' };
}

/** The menu entry a page belongs under (a client's or a session's page under Clients). */
export function menuPageOf(page: PageName): MenuItem['page'] {
  switch (page) {
    case 'queue':
    case 'clients':
    case 'new-session':
    case 'team':
    case 'admin':
      return page;
    default:
      return 'clients';
  }
}
