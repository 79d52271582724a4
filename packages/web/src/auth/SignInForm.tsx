import { Alert, Button, PasswordInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { plainFieldErrors } from '../forms/plainFieldErrors';
import type { ClinicChoice, SignInOutcome, SignInRequest } from './signInRequest';
import { signInMessage } from './signInWords';

const LABELS = { email: 'Email', password: 'Password' };
const NOUNS = { email: 'email address', password: 'password', clinicId: 'clinic' };

export interface SignInFormProps {
  submit(request: SignInRequest): Promise<SignInOutcome>;
  /** Signing in again as this user (the expired session's): the email is shown, not asked. */
  fixedEmail?: string;
  /** The clinic to sign in to, when it is already known (the expired session's). */
  fixedClinicId?: string;
  /** Put the cursor in the first field when shown (the full page; a modal does it itself). */
  focusFirst?: boolean;
  submitLabel?: string;
}

/**
 * Email and password, and — when they open accounts in several clinics (409 clinic-required) —
 * the choice of clinic, sent again with it. Every refusal is said in words beside its field or
 * above the button (role="alert", so a screen reader hears it).
 */
export function SignInForm({
  submit,
  fixedEmail,
  fixedClinicId,
  focusFirst = false,
  submitLabel = 'Sign in',
}: SignInFormProps) {
  const [email, setEmail] = useState(fixedEmail ?? '');
  const [password, setPassword] = useState('');
  const [clinics, setClinics] = useState<readonly ClinicChoice[]>();
  const [clinicId, setClinicId] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Readonly<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!focusFirst) return;
    (fixedEmail ? passwordRef : emailRef).current?.focus();
  }, [focusFirst, fixedEmail]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing: Record<string, string> = {};
    if (email.trim() === '') missing.email = 'Enter your email address.';
    if (password === '') missing.password = 'Enter your password.';
    if (clinics && !clinicId) missing.clinicId = 'Choose the clinic to sign in to.';
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) {
      setMessage(undefined);
      return;
    }
    setBusy(true);
    const outcome = await submit({
      email: email.trim(),
      password,
      clinicId: fixedClinicId ?? clinicId,
    });
    setBusy(false);
    if (outcome.kind === 'signed-in') return;
    if (outcome.kind === 'choose-clinic') {
      setClinics(outcome.clinics);
      setClinicId(undefined);
      setMessage(undefined);
      return;
    }
    if (outcome.kind === 'invalid') {
      const plain = plainFieldErrors(
        Object.entries(outcome.fields).map(([field, text]) => ({ field, message: text })),
        NOUNS,
      );
      setFieldErrors(plain.byField);
      setMessage(plain.other.join(' ') || undefined);
      return;
    }
    setMessage(signInMessage(outcome));
    if (outcome.kind === 'wrong-credentials') {
      setPassword('');
      passwordRef.current?.focus();
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Sign in">
      <Stack gap="md">
        <TextInput
          ref={emailRef}
          label={LABELS.email}
          type="email"
          autoComplete="username"
          value={email}
          readOnly={fixedEmail !== undefined}
          onChange={(e) => {
            setEmail(e.currentTarget.value);
            setClinics(undefined);
          }}
          error={fieldErrors.email}
        />
        <PasswordInput
          ref={passwordRef}
          label={LABELS.password}
          autoComplete="current-password"
          // In the modal (the email known), the cursor starts here: Mantine's focus trap looks
          // for this attribute.
          data-autofocus={fixedEmail !== undefined || undefined}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldErrors.password}
        />
        {clinics && !fixedClinicId && (
          <Radio.Group
            label="Clinic"
            description="This email and password open accounts in more than one clinic. Choose the one to sign in to."
            value={clinicId ?? null}
            onChange={setClinicId}
            error={fieldErrors.clinicId}
          >
            <Stack gap="xs" mt="xs">
              {clinics.map((clinic) => (
                <Radio key={clinic.id} value={clinic.id} label={clinic.name} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {message && (
          <Alert color="red" role="alert" title="Not signed in">
            <Text size="sm">{message}</Text>
          </Alert>
        )}
        <Button type="submit" loading={busy}>
          {clinics && !fixedClinicId ? 'Sign in to this clinic' : submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
