import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';

/**
 * Nothing here: an unknown address, or a record the API says does not exist for you — another
 * clinic's patient is answered exactly like one that never existed.
 */
export function NotFound({ what = 'page' }: { what?: string }) {
  useDocumentTitle('Not found · microcore');
  return (
    <Stack gap="sm" py="lg">
      <Title order={2}>Not found</Title>
      <Text>
        There is no such {what} here. Check the address, or find it from the list of patients.
      </Text>
      <Anchor component={Link} to="/patients">
        Go to the patients
      </Anchor>
    </Stack>
  );
}
