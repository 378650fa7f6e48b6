// Roles are ordered: an analyst can do what a viewer can, an admin what an analyst can.
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function hasRole(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** Who made a request: a signed-in user or an API token (its name), with the role it acts with. */
export interface Principal {
  kind: 'user' | 'token';
  /** user name, or the token's name */
  name: string;
  role: Role;
  /** the session (cookie auth only): its CSRF token and its key in the store */
  session?: { key: string; csrf: string };
}

/** How the principal appears in the audit log: a user by name, a token as `token:<name>`. */
export function actorOf(p: Principal): string {
  return p.kind === 'user' ? p.name : `token:${p.name}`;
}
