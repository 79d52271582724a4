import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';

/** A screen the signed-in user's role may not open (the API answers its data 403 as well). */
export function Forbidden({ what }: { what: string }) {
  useDocumentTitle('Not allowed · microcore');
  return (
    <Stack gap="sm" py="lg">
      <Title order={2}>Not allowed</Title>
      <Text>Your role may not open {what}. Ask an admin of your clinic if you need it.</Text>
      <Anchor component={Link} to="/">
        Go to the start
      </Anchor>
    </Stack>
  );
}
