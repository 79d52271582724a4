import { Badge, Button, Group, NativeSelect, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { User } from '../api/types';
import { formatDateTime } from '../format/locale';
import { adminKeys } from './queries';
import { ROLE_LABELS, ROLES, type Role } from './roles';

type Change = { role: Role } | { disabled: boolean };

/**
 * One user: change the role, disable or enable, clear a sign-in lockout. The server refuses
 * changing oneself and leaving the clinic without an enabled admin (409); its words are shown in
 * the row.
 */
export function UserRow({ user, isMe }: { user: User; isMe: boolean }) {
  const [role, setRole] = useState<string>(user.role);
  const [said, setSaid] = useState<{ text: string; failed: boolean }>();
  const queryClient = useQueryClient();
  const patch = useMutation({
    mutationFn: async (body: Change) =>
      unwrap(await api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body })),
    onSuccess: async (updated, body) => {
      setRole(updated.role);
      setSaid({
        text:
          'role' in body
            ? `Role changed to ${ROLE_LABELS[updated.role]}.`
            : updated.disabled
              ? 'Disabled: their sessions have ended.'
              : 'Enabled again.',
        failed: false,
      });
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
    },
    onError: (error) => setSaid({ text: `Not changed: ${error.message}`, failed: true }),
  });
  const unlock = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/users/{id}/unlock', { params: { path: { id: user.id } } })),
    onSuccess: () => setSaid({ text: 'Sign-in waits and lockout cleared.', failed: false }),
    onError: (error) => setSaid({ text: `Not cleared: ${error.message}`, failed: true }),
  });
  const busy = patch.isPending || unlock.isPending;
  return (
    <Table.Tr>
      <Table.Th scope="row">
        {user.email}
        {isMe && (
          <Text span size="sm" c="dimmed">
            {' '}
            (you)
          </Text>
        )}
      </Table.Th>
      <Table.Td>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <NativeSelect
            size="xs"
            aria-label={`Role of ${user.email}`}
            value={role}
            disabled={isMe}
            onChange={(e) => setRole(e.currentTarget.value)}
            data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          <Button
            size="xs"
            variant="default"
            disabled={isMe || role === user.role}
            loading={patch.isPending && patch.variables !== undefined && 'role' in patch.variables}
            onClick={() => patch.mutate({ role: role as Role })}
            aria-label={`Change role of ${user.email}`}
          >
            Change role
          </Button>
        </Group>
      </Table.Td>
      <Table.Td>
        {user.disabled ? (
          <Badge color="gray.8" c="white">
            Disabled
          </Badge>
        ) : (
          <Badge color="teal.9" c="white">
            Enabled
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{formatDateTime(user.createdAt)}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            disabled={isMe || busy}
            onClick={() => patch.mutate({ disabled: !user.disabled })}
            aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
          >
            {user.disabled ? 'Enable' : 'Disable'}
          </Button>
          <Button
            size="xs"
            variant="default"
            disabled={busy}
            onClick={() => unlock.mutate()}
            aria-label={`Clear lockout of ${user.email}`}
          >
            Clear lockout
          </Button>
        </Group>
        {said && (
          <Text size="sm" mt={4} c={said.failed ? 'red.9' : undefined} role="status">
            {said.text}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
