import { Alert, List, Text } from '@mantine/core';

/** Above a form: how many fields need attention (each reason is beside its field), and failures. */
export function FormProblems({
  errors,
  other,
  failure,
}: {
  errors: Readonly<Record<string, string>>;
  other: readonly string[];
  failure: string | undefined;
}) {
  const count = Object.keys(errors).length + other.length;
  return (
    <>
      {count > 0 && (
        <Alert color="red" title="Not saved yet" role="alert">
          <Text size="sm">
            {count === 1
              ? 'One field needs attention; its reason is beside it.'
              : `${count} fields need attention; each reason is beside its field.`}
          </Text>
          {other.length > 0 && (
            <List size="sm" mt="xs">
              {other.map((message) => (
                <List.Item key={message}>{message}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {failure && (
        <Alert color="red" title="Not saved" role="alert">
          {failure}
        </Alert>
      )}
    </>
  );
}
