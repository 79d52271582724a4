import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { useNavigate } from 'react-router';
import { api, session } from '../api/client';
import type { Clinic, Me } from '../api/types';
import { SessionExpiredModal } from './SessionExpiredModal';
import { fetchClinic, takeSessionCheck } from './sessionCheck';
import { requestSignIn, type SignInOutcome, type SignInRequest } from './signInRequest';

/**
 * Who is signed in, for every screen: the user and their clinic, sign-in and sign-out. The
 * session itself is the server's HttpOnly cookie; this holds only what GET /api/me and
 * GET /api/clinic said. When the session ends under an open screen (a 401), the screen stays and
 * the sign-in is shown over it (SessionExpiredModal); the requests that met the 401 go again once
 * the same user has signed in (api/sessionGuard.ts).
 */
export type AuthStatus = 'checking' | 'unreachable' | 'signed-out' | 'signed-in';

export interface Auth {
  readonly status: AuthStatus;
  readonly me: Me | undefined;
  readonly clinic: Clinic | undefined;
  signIn(request: SignInRequest): Promise<SignInOutcome>;
  signOut(): Promise<void>;
  /** Ask the server again who is signed in (after it could not be reached). */
  check(): void;
}

const AuthContext = createContext<Auth | undefined>(undefined);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('checking');
  const [me, setMe] = useState<Me>();
  const [clinic, setClinic] = useState<Clinic>();
  const [checks, setChecks] = useState(0);
  const sessionState = useSyncExternalStore(session.subscribe, () => session.state);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  useEffect(() => {
    // `checks` asks again; StrictMode's second run only repeats a read. The first check was
    // started before the first render (main.tsx).
    void checks;
    let cancelled = false;
    void takeSessionCheck().then((check) => {
      if (cancelled) return;
      if (check.status === 'signed-in') {
        setMe(check.me);
        setClinic(check.clinic);
      } else if (check.status === 'signed-out') {
        // Nothing read beside the check (a cold load's prefetch) outlives "signed out".
        queryClient.clear();
      }
      setStatus(check.status);
    });
    return () => {
      cancelled = true;
    };
  }, [checks, queryClient]);

  const signIn = useCallback(async (request: SignInRequest) => {
    const outcome = await requestSignIn(request);
    if (outcome.kind === 'signed-in') {
      setMe(outcome.user);
      setClinic(await fetchClinic());
      session.signedIn();
      setStatus('signed-in');
    }
    return outcome;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.POST('/api/auth/logout');
    } catch {
      // Signed out here either way; the server's session then ends at its expiry.
    }
    // One render: the sign-in page, and no screen that still asks for data.
    navigate('/sign-in', { replace: true });
    setMe(undefined);
    setClinic(undefined);
    setStatus('signed-out');
    session.signedOut();
    queryClient.clear();
  }, [navigate, queryClient]);

  /** Signed in again over an open screen: the same user, or nobody's data stays on screen. */
  const resume = useCallback(
    async (request: SignInRequest) => {
      const outcome = await requestSignIn(request);
      if (outcome.kind === 'signed-in') {
        if (outcome.user.id !== me?.id) {
          // Another person: start afresh rather than show them the last user's screen.
          window.location.assign('/');
          return outcome;
        }
        session.signedIn();
      }
      return outcome;
    },
    [me],
  );

  const check = useCallback(() => {
    setStatus('checking');
    setChecks((n) => n + 1);
  }, []);

  const auth = useMemo<Auth>(
    () => ({ status, me, clinic, signIn, signOut, check }),
    [status, me, clinic, signIn, signOut, check],
  );

  return (
    <AuthContext.Provider value={auth}>
      {children}
      {sessionState === 'expired' && me && (
        <SessionExpiredModal me={me} resume={resume} signOut={signOut} />
      )}
    </AuthContext.Provider>
  );
}
