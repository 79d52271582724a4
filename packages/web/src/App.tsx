import { Anchor, AppShell, Group, Text, Title } from '@mantine/core';
import { Link, Route, Routes } from 'react-router';
import { PredictionRoute } from './prediction/PredictionRoute.js';

/** The app's screens by path. Each screen lives in its own folder under src/. */
export function App() {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Anchor component={Link} to="/" underline="never">
            <Title order={1} size="h3">
              microcore
            </Title>
          </Anchor>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Routes>
          <Route
            path="/patients/:patientId/plans/:planId/prediction"
            element={<PredictionRoute />}
          />
          <Route path="*" element={<Text>Page not found.</Text>} />
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}
