import {
  Button,
  Card,
  Group,
  NativeSelect,
  PasswordInput,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import type { NewUser, User } from '../api/types';
import { FormProblems } from '../forms/FormProblems';
import { useFieldProblems } from '../forms/useFieldProblems';
import { adminKeys } from './queries';
import { ROLE_HINTS, ROLE_LABELS, ROLES } from './roles';

const NOUNS = { email: 'email address', password: 'password', role: 'role' };
const FIELDS = ['email', 'password', 'role'];
const inputId = (field: string) => `new-user-${field}`;

/** A user's email is required here (the patient form's words allow an empty one). */
const reword = (field: string, message: string) =>
  field === 'email' && /^invalid email/i.test(message)
    ? 'Enter an email address such as name@example.org.'
    : undefined;

/** Create a user of the clinic: email, a first password (the server's policy decides), role. */
export function NewUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState('');
  const problems = useFieldProblems({ nouns: NOUNS, fields: FIELDS, inputId, reword });
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: async (body: NewUser) => unwrap(await api.POST('/api/users', { body })),
    onSuccess: async (user) => {
      problems.clear();
      setEmail('');
      setPassword('');
      setRole('');
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
      onCreated(user);
    },
    onError: (error) =>
      problems.show(
        error,
        error instanceof ApiError && error.status === 409
          ? 'Not created'
          : 'The user was not created',
      ),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = { email, password, ...(role === '' ? {} : { role }) } as NewUser;
    if (!create.isPending) create.mutate(body);
  };
  const title = 'Create a user';
  return (
    <Card withBorder component="section" aria-labelledby="new-user">
      <Title order={3} size="h4" id="new-user" mb="sm">
        {title}
      </Title>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="sm">
          <FormProblems {...problems} />
          <TextInput
            id={inputId('email')}
            type="email"
            label="Email"
            withAsterisk
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={problems.errors.email}
          />
          <PasswordInput
            id={inputId('password')}
            label="First password"
            description="At least 12 characters; a passphrase of four or more unrelated words. Give it to them in person."
            withAsterisk
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={problems.errors.password}
          />
          <NativeSelect
            id={inputId('role')}
            label="Role"
            withAsterisk
            value={role}
            onChange={(e) => setRole(e.currentTarget.value)}
            error={problems.errors.role}
            data={[
              { value: '', label: 'Choose…' },
              ...ROLES.map((r) => ({ value: r, label: `${ROLE_LABELS[r]}: ${ROLE_HINTS[r]}` })),
            ]}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create the user
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
