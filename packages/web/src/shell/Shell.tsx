import { Anchor, AppShell, Button, Group, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import classes from './Shell.module.css';

const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  clinician: 'Clinician',
  researcher: 'Researcher',
};

/**
 * The frame of every screen: the product's name, the navigation, who is signed in and to which
 * clinic, and sign-out. Fits a 1024 px wide tablet in landscape without wrapping.
 */
export function Shell({ children }: { children: ReactNode }) {
  const { status, me, clinic, signOut } = useAuth();
  const signedIn = status === 'signed-in' && me !== undefined;
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const shown = useRef(pathname);
  // A new screen takes the focus to its start, as a page load would: the keyboard goes on from
  // there and a screen reader reads the new screen. A screen that put the focus in itself (the
  // sign-in's email field) keeps it; a new search or page of the same screen leaves it alone.
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    if (!main.current?.contains(document.activeElement))
      main.current?.focus({ preventScroll: true });
  }, [pathname]);
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xl" wrap="nowrap">
            <Anchor component={Link} to="/" underline="never">
              <Title order={1} size="h3">
                microcore
              </Title>
            </Anchor>
            {signedIn && (
              <nav aria-label="Main">
                <Group gap="xs" wrap="nowrap">
                  {me.role !== 'researcher' && (
                    <NavLink to="/patients" className={classes.navLink}>
                      Patients
                    </NavLink>
                  )}
                  {me.role !== 'clinician' && (
                    <NavLink to="/evidence" className={classes.navLink}>
                      Evidence
                    </NavLink>
                  )}
                  {me.role === 'admin' && (
                    <NavLink to="/admin" className={classes.navLink}>
                      Administration
                    </NavLink>
                  )}
                </Group>
              </nav>
            )}
          </Group>
          {signedIn && (
            <Group gap="md" wrap="nowrap">
              <div className={classes.who}>
                <Text size="sm" fw={600} truncate="end">
                  {me.email}
                </Text>
                <Text size="xs" c="dimmed" truncate="end">
                  {ROLE_LABELS[me.role] ?? me.role}
                  {clinic ? ` · ${clinic.name}` : ''}
                </Text>
              </div>
              <Button variant="default" onClick={() => void signOut()}>
                Sign out
              </Button>
            </Group>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Main ref={main} tabIndex={-1} className={classes.main}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
