import { Alert, Grid, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { User } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { NewUserForm } from './NewUserForm';
import { useUsers } from './queries';
import { ROLE_HINTS, ROLE_LABELS, ROLES } from './roles';
import { UserRow } from './UserRow';

/** /admin/users: the clinic's users; create one, change a role, disable, clear a lockout. */
export function UsersPanel() {
  const { me } = useAuth();
  const users = useUsers();
  const [created, setCreated] = useState<User>();
  return (
    <Stack gap="lg">
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <NewUserForm onCreated={setCreated} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="xs" component="section" aria-labelledby="roles-rules">
            <Title order={4} id="roles-rules">
              Roles and rules
            </Title>
            {ROLES.map((role) => (
              <Text size="sm" key={role}>
                <strong>{ROLE_LABELS[role]}</strong>: {ROLE_HINTS[role]}.
              </Text>
            ))}
            <Text size="sm">
              Users are never deleted (the audit trail names them): disable one instead, which ends
              their sessions at once. You cannot change your own role or disable yourself, and the
              clinic always keeps one enabled admin. Clearing a lockout ends the waits after failed
              sign-ins.
            </Text>
          </Stack>
        </Grid.Col>
      </Grid>
      {created && (
        <Alert variant="outline" color="teal.9" title="User created" role="status">
          {created.email} can now sign in as {ROLE_LABELS[created.role].toLowerCase()}.
        </Alert>
      )}
      <Stack gap="sm" component="section" aria-labelledby="user-list">
        <Title order={3} id="user-list">
          Users of the clinic
        </Title>
        {users.isPending && <Loader size="sm" aria-label="Loading the users" />}
        {users.isError && (
          <Alert color="red" title="The users could not be loaded">
            {users.error.message}
          </Alert>
        )}
        {users.data && (
          <Table aria-labelledby="user-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.items.map((user) => (
                <UserRow key={user.id} user={user} isMe={user.id === me?.id} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}
