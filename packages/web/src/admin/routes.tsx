import { lazy } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { Forbidden } from '../shell/Forbidden';

/** Loaded only for an admin who opens it: nobody else downloads its code. */
const AdminScreen = lazy(() => import('./AdminScreen').then((m) => ({ default: m.AdminScreen })));

/**
 * /admin/*: admins only. Another role is told it may not, whatever the address below /admin;
 * the API refuses their requests too (403), so this is the screen's courtesy, not the guard.
 */
export function AdminRoute() {
  const { me } = useAuth();
  if (me?.role !== 'admin') return <Forbidden what="the administration" />;
  return <AdminScreen />;
}
