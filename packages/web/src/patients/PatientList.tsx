import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { ageYears, formatCalendarDate, formatNumber, localToday } from '../format/locale';
import { fitzpatrickLabel, laxityLabel, sexLabel } from './labels';
import { usePatientSearch } from './queries';

/** What the list shows is in the address (?q=…&page=…): back, reload and links keep it. */
function readPage(text: string | null): number {
  const page = Number(text);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** The clinic's patients: search by name, a page at a time, and the way to register one. */
export function PatientList() {
  useDocumentTitle('Patients · microcore');
  const { clinic } = useAuth();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const page = readPage(params.get('page'));
  const [typed, setTyped] = useState(query);
  const [debounced] = useDebouncedValue(typed, 300);
  const search = usePatientSearch(query, page);
  const today = clinic?.today ?? localToday();

  // The search typed becomes the address once typing pauses (a new search starts at page 1);
  // an address changed otherwise (back, forward) becomes the search shown.
  const pushed = useRef(query);
  useEffect(() => {
    const words = debounced.trim();
    if (words === pushed.current) return;
    pushed.current = words;
    setParams(words ? { q: words } : {}, { replace: true });
  }, [debounced, setParams]);
  useEffect(() => {
    if (query === pushed.current) return;
    pushed.current = query;
    setTyped(query);
  }, [query]);

  const goTo = (next: number) => {
    const to: Record<string, string> = {};
    if (query) to.q = query;
    if (next > 1) to.page = String(next);
    setParams(to);
  };

  const data = search.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const first = data ? (data.page - 1) * data.pageSize + 1 : 0;
  const last = data ? first + data.items.length - 1 : 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Patients</Title>
        <Button component={Link} to="/patients/new">
          Register a patient
        </Button>
      </Group>
      <search>
        <TextInput
          type="search"
          label="Search by name"
          description="Part of the given or family name; several words narrow it down"
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          maw={480}
        />
      </search>
      {search.isError && (
        <Alert color="red" title="The patients could not be loaded">
          {search.error.message}
        </Alert>
      )}
      {search.isPending && <Loader aria-label="Loading the patients" />}
      {data && (
        <>
          <Text size="sm" role="status" aria-live="polite">
            {data.total === 0
              ? query
                ? `No patient matches “${query}”.`
                : 'No patients yet.'
              : `Patients ${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(data.total)}`}
          </Text>
          {data.items.length > 0 && (
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Birth date</Table.Th>
                    <Table.Th scope="col">Age (years)</Table.Th>
                    <Table.Th scope="col">Sex</Table.Th>
                    <Table.Th scope="col">Fitzpatrick type</Table.Th>
                    <Table.Th scope="col">Laxity grade</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((patient) => {
                    const age = ageYears(patient.birthDate, today);
                    return (
                      <Table.Tr key={patient.id}>
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Anchor component={Link} to={`/patients/${patient.id}`}>
                              {patient.familyName}, {patient.givenName}
                            </Anchor>
                            {patient.synthetic && (
                              <Badge variant="light" color="gray" size="sm">
                                Demo
                              </Badge>
                            )}
                            {patient.archived && (
                              <Badge variant="light" color="gray" size="sm">
                                Archived
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>{formatCalendarDate(patient.birthDate)}</Table.Td>
                        <Table.Td>{age === undefined ? '' : formatNumber(age)}</Table.Td>
                        <Table.Td>{sexLabel(patient.sex)}</Table.Td>
                        <Table.Td>{fitzpatrickLabel(patient.fitzpatrickType)}</Table.Td>
                        <Table.Td>{laxityLabel(patient.laxityGrade)}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {pages > 1 && (
            <nav aria-label="Pages of patients">
              <Group gap="sm">
                <Button variant="default" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                  Previous page
                </Button>
                <Text size="sm">
                  Page {formatNumber(Math.min(page, pages))} of {formatNumber(pages)}
                </Text>
                <Button variant="default" disabled={page >= pages} onClick={() => goTo(page + 1)}>
                  Next page
                </Button>
              </Group>
            </nav>
          )}
        </>
      )}
    </Stack>
  );
}
