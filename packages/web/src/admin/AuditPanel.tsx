import { Alert, Button, Card, FileInput, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { saveFile } from '../api/download';
import { ApiError, unwrap } from '../api/problem';
import type { AuditCheckpoint } from '../api/types';
import {
  type AuditWords,
  checkpointFileName,
  checkpointSaved,
  checkpointWords,
  verifyWords,
} from './auditWords';

/**
 * /admin/audit: verify the clinic's audit trail, download a signed checkpoint of its head, and
 * verify the trail against a checkpoint saved earlier (docs/server.md, "Checkpoints").
 */
export function AuditPanel() {
  const verify = useMutation({
    mutationFn: async () => verifyWords(unwrap(await api.GET('/api/audit/verify'))),
  });
  const checkpoint = useMutation({
    mutationFn: async () => {
      const signed = unwrap(await api.GET('/api/audit/checkpoint'));
      saveFile(`${JSON.stringify(signed, null, 2)}\n`, checkpointFileName(signed));
      return checkpointSaved(signed);
    },
  });
  const [file, setFile] = useState<File | null>(null);
  const against = useMutation({
    mutationFn: async (chosen: File) => {
      let body: AuditCheckpoint;
      try {
        body = JSON.parse(await chosen.text()) as AuditCheckpoint;
      } catch {
        throw new Error(
          `${chosen.name} is not a checkpoint: it is not JSON. Choose a file saved by “Download a checkpoint”.`,
        );
      }
      return checkpointWords(unwrap(await api.POST('/api/audit/verify', { body })));
    },
  });
  return (
    <Stack gap="lg">
      <Text size="sm" maw={760}>
        Every change and every read of patient data is recorded in the clinic’s audit trail, each
        record holding the hash of the one before it. Verifying recomputes the chain. A checkpoint
        is the chain’s head signed with the server’s key (which the database never holds): saved
        somewhere the server cannot write, it later shows whether records up to it were removed or
        rewritten, which the chain alone cannot show.
      </Text>
      <Card withBorder component="section" aria-labelledby="audit-verify">
        <Title order={3} size="h4" id="audit-verify" mb="sm">
          Verify the trail
        </Title>
        <Group>
          <Button onClick={() => verify.mutate()} loading={verify.isPending}>
            Verify now
          </Button>
        </Group>
        <Outcome words={verify.data} error={verify.error} />
      </Card>
      <Card withBorder component="section" aria-labelledby="audit-checkpoint">
        <Title order={3} size="h4" id="audit-checkpoint" mb="sm">
          Checkpoints
        </Title>
        <Stack gap="sm">
          <Group>
            <Button
              variant="default"
              onClick={() => checkpoint.mutate()}
              loading={checkpoint.isPending}
            >
              Download a checkpoint
            </Button>
          </Group>
          {checkpoint.data && (
            <Text size="sm" role="status">
              {checkpoint.data}
            </Text>
          )}
          {checkpoint.error && (
            <Alert color="red" title="No checkpoint">
              {checkpoint.error.message}
            </Alert>
          )}
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (file) against.mutate(file);
            }}
            aria-label="Verify against a checkpoint"
          >
            <Group align="flex-end">
              <FileInput
                label="A checkpoint saved earlier"
                placeholder="Choose the .json file"
                accept="application/json,.json"
                value={file}
                onChange={setFile}
                clearable
                clearButtonProps={{ 'aria-label': 'Remove the chosen file' }}
                w={360}
              />
              <Button type="submit" disabled={!file} loading={against.isPending}>
                Verify against it
              </Button>
            </Group>
          </form>
          <Outcome words={against.data} error={against.error} />
          <Text size="xs" c="dimmed">
            What checkpoints do not protect: records added after the last checkpoint you saved, and
            a trail changed before its first checkpoint (verify, then take one). Take them often.
          </Text>
        </Stack>
      </Card>
    </Stack>
  );
}

/** A verdict as a plain statement; a refusal (a checkpoint of another key or clinic) in words. */
function Outcome({ words, error }: { words: AuditWords | undefined; error: Error | null }) {
  if (error) {
    const fields = error instanceof ApiError ? error.problem.errors : [];
    return (
      <Alert color="red" title="Not verified" mt="sm" role="alert">
        {fields.length > 0 ? (
          <List size="sm">
            {fields.map((f) => (
              <List.Item key={f.field}>
                {checkpointFieldWords(f.field)}: {f.message}
              </List.Item>
            ))}
          </List>
        ) : (
          error.message
        )}
      </Alert>
    );
  }
  if (!words) return null;
  return (
    <Alert
      mt="sm"
      variant="outline"
      color={words.tone === 'intact' ? 'teal.9' : 'red.9'}
      title={words.tone === 'intact' ? 'Intact' : 'Not intact'}
      role="status"
    >
      <Text size="sm" fw={600}>
        {words.headline}
      </Text>
      {words.details.map((line) => (
        <Text size="sm" key={line} mt={4}>
          {line}
        </Text>
      ))}
    </Alert>
  );
}

/** The checkpoint's fields a 422 can name, as the admin knows them. */
const checkpointFieldWords = (field: string): string =>
  field === 'signature'
    ? 'The signature'
    : field === 'checkpoint.keyId'
      ? 'The key'
      : field === 'checkpoint.clinicId'
        ? 'The clinic'
        : `The file’s ${field}`;
