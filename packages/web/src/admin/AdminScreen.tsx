import { Group, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { NotFound } from '../shell/NotFound';
import classes from '../shell/Shell.module.css';
import { AuditPanel } from './AuditPanel';
import { FhirExportPanel } from './FhirExportPanel';
import { UsersPanel } from './UsersPanel';

const SECTIONS = [
  { path: 'users', label: 'Users', element: <UsersPanel /> },
  { path: 'audit', label: 'Audit trail', element: <AuditPanel /> },
  { path: 'export', label: 'FHIR export', element: <FhirExportPanel /> },
] as const;

/** /admin/*: the clinic's administration (admins only: routes.tsx decides who gets here). */
export function AdminScreen() {
  return (
    <Stack gap="lg">
      <Title order={2}>Administration</Title>
      <nav aria-label="Administration">
        <Group gap="xs">
          {SECTIONS.map((section) => (
            <NavLink key={section.path} to={`/admin/${section.path}`} className={classes.navLink}>
              {section.label}
            </NavLink>
          ))}
        </Group>
      </nav>
      <Routes>
        <Route index element={<Navigate to="/admin/users" replace />} />
        {SECTIONS.map((section) => (
          <Route
            key={section.path}
            path={section.path}
            element={<Section title={section.label}>{section.element}</Section>}
          />
        ))}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  useDocumentTitle(`${title} · Administration · microcore`);
  return children;
}
