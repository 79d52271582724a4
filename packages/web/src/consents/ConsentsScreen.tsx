import { Stack, Table } from '@mantine/core';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { localToday } from '../format/locale';
import { FormBesideRules } from '../journey/FormBesideRules';
import { RecordList } from '../journey/RecordList';
import { PatientScreen } from '../patients/PatientScreen';
import { useConsents } from '../patients/recordQueries';
import { ConsentForm } from './ConsentForm';
import { ConsentRow } from './ConsentRow';
import { ConsentRules } from './ConsentRules';

/** /patients/:id/consents: the patient's consents, withdrawn ones included; record, withdraw. */
export function ConsentsScreen() {
  return (
    <PatientScreen title="Consents">{(patient) => <Consents patient={patient} />}</PatientScreen>
  );
}

function Consents({ patient }: { patient: Patient }) {
  const { clinic } = useAuth();
  const today = clinic?.today ?? localToday();
  const consents = useConsents(patient.id);
  return (
    <Stack gap="lg">
      <FormBesideRules
        archived={patient.archived}
        what="a consent"
        form={<ConsentForm patientId={patient.id} today={today} />}
        rules={<ConsentRules today={today} />}
      />
      <RecordList
        id="consent-list"
        title="Recorded, oldest first"
        what="the consents"
        none="No consent recorded."
        query={consents}
      >
        {(items) => (
          <Table aria-labelledby="consent-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Scope</Table.Th>
                <Table.Th scope="col">Given on</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Withdraw or correct</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((consent) => (
                <ConsentRow
                  key={consent.id}
                  consent={consent}
                  today={today}
                  archived={patient.archived}
                />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </RecordList>
    </Stack>
  );
}
