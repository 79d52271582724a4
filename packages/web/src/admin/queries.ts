import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';

export const adminKeys = {
  users: ['admin', 'users'] as const,
};

/** The users of the admin's clinic, by email (only an admin may read them: `enabled`). */
export const useUsers = (enabled = true) =>
  useQuery({
    queryKey: adminKeys.users,
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/users', { signal })),
    enabled,
  });
