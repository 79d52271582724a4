import { Alert, Button, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../api/problem';
import { WARNING_COLOUR } from '../planner/colours';
import { claimDeliverySession } from './deliveryApi';

/**
 * Another console holds the session (409 `delivery.claimed`): said plainly, with a takeover — the
 * server allows it only to the user who holds the session, with a reason, and says so otherwise.
 */
export function ClaimedPanel({
  patientId,
  sessionId,
  consoleId,
  onTakenOver,
}: {
  patientId: string;
  sessionId: string;
  consoleId: string;
  onTakenOver: () => void;
}) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const takeOver = async () => {
    if (reason.trim() === '') {
      setProblem('Say why this console takes the session over.');
      return;
    }
    setBusy(true);
    try {
      await claimDeliverySession(patientId, sessionId, consoleId, reason.trim());
      onTakenOver();
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? `The server refused the takeover: ${error.problem.detail || error.message}`
          : `The takeover could not be sent: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert color={WARNING_COLOUR} title="This session is held by another console" role="alert">
      <Stack gap="sm">
        <Text size="sm">
          Another tab or device is running this session. Only one console may send events at a time;
          this screen shows the session as it was when opened. If the other console has stopped (a
          crashed tablet, a closed tab), you may take the session over: the other console is then
          refused.
        </Text>
        {!asking ? (
          <Button variant="default" onClick={() => setAsking(true)} w="fit-content">
            Take over
          </Button>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void takeOver();
            }}
          >
            <Stack gap="xs">
              <Textarea
                label="Reason for the takeover"
                description="Kept with the session's claims"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={problem}
                autoFocus
                required
              />
              <Button type="submit" loading={busy} w="fit-content">
                Take over the session
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Alert>
  );
}
