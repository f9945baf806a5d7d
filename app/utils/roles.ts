export const ROLES = ["admin", "assessor", "candidate"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "機構管理者",
  assessor: "評量人員",
  candidate: "受評者",
};

/** Where each role lands after logging in. */
export const ROLE_HOME: Record<Role, string> = {
  admin: "/admin",
  assessor: "/assessor",
  candidate: "/me",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
