import type { Role } from './domain';

export type NavKey = 'board' | 'tasks' | 'selfCheck' | 'funder' | 'programme' | 'people' | 'interest' | 'signIn';

export interface NavItem {
  key: NavKey;
  to: string;
  /** Roles that see the item; `null` = shown to visitors who are not signed in. */
  roles: readonly Role[] | null;
}

export const PATHS = {
  board: '/',
  signIn: '/anmelden',
  signInLink: '/anmelden/link',
  municipality: (id: string) => `/kommunen/${encodeURIComponent(id)}`,
  tasks: '/aufgaben',
  selfCheck: '/selbstcheck',
  funder: '/foerderer',
  programme: '/programm',
  people: '/personen',
  /** A team member's choice of e-mails (the mails about new interest forms point here). */
  notifications: '/benachrichtigungen',
  interest: '/interesse',
  /** The interest form of one programme (the address the team hands out). */
  interestFor: (programmeId: string) => `/interesse/${encodeURIComponent(programmeId)}`,
} as const;

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'board', to: PATHS.board, roles: ['team', 'facilitator'] },
  { key: 'tasks', to: PATHS.tasks, roles: ['team', 'facilitator', 'contact'] },
  { key: 'selfCheck', to: PATHS.selfCheck, roles: ['team', 'contact'] },
  { key: 'funder', to: PATHS.funder, roles: ['team', 'funder'] },
  { key: 'programme', to: PATHS.programme, roles: ['team'] },
  { key: 'people', to: PATHS.people, roles: ['team'] },
  { key: 'interest', to: PATHS.interest, roles: null },
  { key: 'signIn', to: PATHS.signIn, roles: null },
];

export function navFor(role: Role | null): NavItem[] {
  return NAV_ITEMS.filter((item) => (role === null ? item.roles === null : item.roles?.includes(role)));
}

/** Where a role starts after signing in. */
export function startPathFor(role: Role): string {
  switch (role) {
    case 'team':
    case 'facilitator':
      return PATHS.board;
    case 'contact':
      return PATHS.tasks;
    case 'funder':
      return PATHS.funder;
  }
}
