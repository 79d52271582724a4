import { Button, Modal, Stack, Text } from '@mantine/core';
import type { Me } from '../api/types';
import { SignInForm } from './SignInForm';
import type { SignInOutcome, SignInRequest } from './signInRequest';

/**
 * The session ended under an open screen: sign in again over it. The screen behind stays mounted,
 * so what was typed and not saved is still there; the requests that met the ended session are
 * sent again once signed in. It cannot be dismissed: the way out without signing in is to sign
 * out, which does drop unsaved work, and says so.
 */
export function SessionExpiredModal({
  me,
  resume,
  signOut,
}: {
  me: Me;
  resume(request: SignInRequest): Promise<SignInOutcome>;
  signOut(): Promise<void>;
}) {
  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      centered
      title="Your session has ended"
    >
      <Stack gap="md">
        <Text size="sm">
          Sign in again to carry on where you were. What you have not saved yet is kept on this
          screen.
        </Text>
        <SignInForm
          fixedEmail={me.email}
          fixedClinicId={me.clinicId}
          submit={resume}
          submitLabel="Sign in and continue"
        />
        <Button variant="subtle" color="gray" onClick={() => void signOut()}>
          Sign out instead (unsaved changes are lost)
        </Button>
      </Stack>
    </Modal>
  );
}
