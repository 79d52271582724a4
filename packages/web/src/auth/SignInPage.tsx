import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from './AuthProvider';
import { safeNextPath } from './nextPath';
import { SignInForm } from './SignInForm';

/** The first visit's sign-in: then on to the screen you were going to (`?next=`). */
export function SignInPage() {
  useDocumentTitle('Sign in · microcore');
  const auth = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNextPath(params.get('next'));
  if (auth.status === 'signed-in') return <Navigate to={next} replace />;
  return (
    <Container size={420} py="xl">
      <Paper withBorder p="lg" radius="md">
        <Stack gap="md">
          <div>
            <Title order={2}>Sign in</Title>
            <Text c="dimmed" size="sm">
              Planning and records for Micro-Coring. Sign in with your clinic account.
            </Text>
          </div>
          <SignInForm
            focusFirst
            submit={async (request) => {
              const outcome = await auth.signIn(request);
              if (outcome.kind === 'signed-in') navigate(next, { replace: true });
              return outcome;
            }}
          />
        </Stack>
      </Paper>
    </Container>
  );
}
