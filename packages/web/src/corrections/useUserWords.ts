import { useUsers } from '../admin/queries';
import { useAuth } from '../auth/AuthProvider';

/**
 * Who made a version, in words: "you", or for an admin the user's email; another role may not
 * read the clinic's users, so it reads "another user" (the audit trail names them).
 */
export function useUserWords(): (userId: string | null) => string {
  const { me } = useAuth();
  const users = useUsers(me?.role === 'admin');
  return (userId) => {
    if (userId === null) return 'the system';
    if (userId === me?.id) return `you (${me.email})`;
    return users.data?.items.find((u) => u.id === userId)?.email ?? 'another user';
  };
}
