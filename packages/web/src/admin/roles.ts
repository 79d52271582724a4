import { everyOf } from '../api/everyOf';
import type { NewUser } from '../api/types';

/** The users' roles, as the API's schema allows them, and what each may do. */

export type Role = NewUser['role'];

export const ROLES = everyOf<Role>()(['admin', 'clinician', 'researcher']);

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  clinician: 'Clinician',
  researcher: 'Researcher',
};

export const ROLE_HINTS: Record<Role, string> = {
  admin: 'everything a clinician does, plus users, the audit trail and exports',
  clinician: 'patients and their records; no administration',
  researcher: 'pooled, de-identified evidence only; never a name, birth date or photo',
};

export const roleLabel = (role: string): string =>
  (ROLE_LABELS as Record<string, string>)[role] ?? role;
