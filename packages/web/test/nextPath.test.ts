import { describe, expect, it } from 'vitest';
import { HOME_PATH, homeFor, safeNextPath, signInPathFor } from '../src/auth/nextPath';

describe('where sign-in sends you afterwards', () => {
  it('follows a path of this app, with its query', () => {
    expect(safeNextPath('/patients/42?tab=plans')).toBe('/patients/42?tab=plans');
    expect(safeNextPath('/patients?q=ada&page=2')).toBe('/patients?q=ada&page=2');
  });

  it.each([
    ['nothing', null],
    ['empty', ''],
    ['another site, protocol-relative', '//evil.example/patients'],
    ['another site, backslash', '/\\evil.example'],
    ['a scheme', 'https://evil.example/'],
    ['script', 'javascript:alert(1)'],
    ['a tab the browser strips into //', '/\t/evil.example'],
    ['a newline', '/patients\n'],
    ['a space', '/patients /x'],
    ['the sign-in page itself', '/sign-in?next=/patients'],
  ])('goes home instead of %s', (_what, next) => {
    expect(safeNextPath(next)).toBe(HOME_PATH);
  });

  it('carries the place in ?next=, encoded, and leaves it off for home', () => {
    expect(signInPathFor('/patients/42?x=1&y=2')).toBe(
      `/sign-in?next=${encodeURIComponent('/patients/42?x=1&y=2')}`,
    );
    expect(signInPathFor('/patients')).toBe(`/sign-in?next=${encodeURIComponent('/patients')}`);
    expect(signInPathFor('/')).toBe('/sign-in');
  });

  it('starts each role on its own screen: a researcher on the evidence, others on patients', () => {
    expect(homeFor('researcher')).toBe('/evidence');
    expect(homeFor('clinician')).toBe('/patients');
    expect(homeFor('admin')).toBe('/patients');
  });
});
