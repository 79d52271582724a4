import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from './AuthProvider';
import { signInPathFor } from './nextPath';

/**
 * The screens behind sign-in. Signed out, you are sent to sign in and brought back after. An
 * expired session is not "signed out": the screen stays and the sign-in comes over it.
 */
export function RequireSignIn() {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'checking')
    return (
      <Center py="xl">
        <Loader aria-label="Checking your session" />
      </Center>
    );
  if (auth.status === 'unreachable')
    return (
      <Stack maw={520} mx="auto" py="xl">
        <Alert color="red" title="The server cannot be reached">
          <Text size="sm">Check that the microcore server is running, then try again.</Text>
        </Alert>
        <Button onClick={auth.check}>Try again</Button>
      </Stack>
    );
  if (auth.status === 'signed-out')
    return <Navigate to={signInPathFor(location.pathname + location.search)} replace />;
  return <Outlet />;
}
