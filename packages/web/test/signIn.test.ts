/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEMO_ADMIN,
  DEMO_CLINICIAN,
  DEMO_PASSWORD,
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  seriousViolations,
  startSite,
} from './harness.js';
import { OTHER_CLINIC_NAME, OTHER_PASSWORD, SHARED_EMAIL, seedOtherClinic } from './otherClinic.js';
import {
  atBothSizes,
  contextAs,
  fitsTheWidth,
  registerByApi,
  signInThroughForm,
} from './screens.js';

/**
 * Sign-in and sign-out in the browser: the session is the server's HttpOnly cookie and nothing
 * else (no token in the page's storage), a refusal is said in words, and sign-in brings you back
 * to where you were going.
 */
describeInBrowser('sign-in and sign-out', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([
      startSite({ demoPatients: 3, prepare: seedOtherClinic }),
      launchBrowser(),
    ]);
    // The shared email in the demo clinic too, with the same password: the clinic picker's case.
    const admin = await contextAs(browser, site, DEMO_ADMIN, DEMO_PASSWORD);
    const created = await admin.request.post('/api/users', {
      data: { email: SHARED_EMAIL, password: OTHER_PASSWORD, role: 'clinician' },
    });
    expect(created.status(), await created.text()).toBe(201);
    await admin.close();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('signs in through the form with the cookie alone, and signs out', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await page.goto('/');
    await expect.poll(() => page.url()).toBe(`${site.url}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await atBothSizes(page, 'sign-in');

    await signInThroughForm(page, DEMO_CLINICIAN, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/patients');
    const header = page.getByRole('banner');
    await expect.poll(() => header.textContent()).toContain('Demo clinic');
    expect(await header.textContent()).toContain(DEMO_CLINICIAN);

    // The session is the HttpOnly cookie, for /api only; the page's storage holds nothing.
    const cookies = await context.cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.path])).toEqual([
      ['microcore_session', true, '/api'],
    ]);
    const storage = await page.evaluate(() => ({
      local: Object.keys(localStorage).length,
      session: Object.keys(sessionStorage).length,
      cookie: document.cookie,
    }));
    expect(storage).toEqual({ local: 0, session: 0, cookie: '' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // Signed out at the server too: the API no longer knows this browser.
    expect((await context.request.get('/api/me')).status()).toBe(401);
    await page.goto('/patients');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('says a wrong password in words, and signs in at the next try', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await page.goto('/sign-in');
    await signInThroughForm(page, DEMO_ADMIN, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'The email or the password is wrong. Check both and try again.',
    );
    // The password is cleared for the next try; the email stays.
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Email').inputValue()).toBe(DEMO_ADMIN);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('says empty fields beside them without asking the server', async () => {
    const { context, page } = await newPage(browser, site);
    let asked = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/auth/login')) asked++;
    });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Enter your email address.').waitFor();
    await page.getByText('Enter your password.').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(asked).toBe(0);
    await context.close();
  });

  it('signs in with the keyboard alone', async () => {
    const { context, page } = await newPage(browser, site);
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The cursor starts in the email field; Tab goes on to the password; Enter sends.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('type')))
      .toBe('email');
    await page.keyboard.type(DEMO_CLINICIAN);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe(
      'password',
    );
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    // The new screen has the focus at its start: Tab goes into it, Shift+Tab back to the header.
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement;
        return element?.tagName === 'MAIN' ? 'main' : (element?.textContent?.trim() ?? '');
      });
    await expect.poll(focused).toBe('main');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Register a patient');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Sign out');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Patients');
    // Sign-out by the keyboard too.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('brings you back to the screen you were going to', async () => {
    const clinician = await contextAs(browser, site, DEMO_CLINICIAN, DEMO_PASSWORD);
    const id = await registerByApi(clinician.request);
    await clinician.close();
    const { context, page } = await newPage(browser, site);
    await page.goto(`/patients/${id}`);
    await expect
      .poll(() => page.url())
      .toBe(`${site.url}/sign-in?next=${encodeURIComponent(`/patients/${id}`)}`);
    await signInThroughForm(page, DEMO_CLINICIAN, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/patients/${id}`);
    await context.close();
  });

  it('asks which clinic when the email and password open accounts in two', async () => {
    const { context, page } = await newPage(browser, site);
    await page.goto('/sign-in');
    await signInThroughForm(page, SHARED_EMAIL, OTHER_PASSWORD);
    const picker = page.getByRole('radiogroup', { name: 'Clinic' });
    await picker.waitFor();
    expect(await picker.getByRole('radio').count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await picker.getByRole('radio', { name: OTHER_CLINIC_NAME }).check();
    await page.getByRole('button', { name: 'Sign in to this clinic' }).click();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    await expect.poll(() => page.getByRole('banner').textContent()).toContain(OTHER_CLINIC_NAME);
    // The other clinic's list: none of the demo clinic's synthetic patients.
    await page.getByText('No patients yet.').waitFor();
    await context.close();
  });

  it('says how long to wait when the server asks for a pause (429)', async () => {
    const { context, page } = await newPage(browser, site);
    // The throttle's answer, as the server gives it, without making the throttle bite.
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/problem+json', 'retry-after': '90' },
        body: JSON.stringify({
          type: 'https://microcore.dev/problems/too-many-requests',
          title: 'Too many attempts',
          status: 429,
          code: 'too-many-requests',
          detail: 'too many failed sign-ins; try again in 2 min',
        }),
      }),
    );
    await page.goto('/sign-in');
    await signInThroughForm(page, DEMO_CLINICIAN, 'a-guess');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Too many failed sign-ins. Wait 2 minutes, then try again.',
    );
    await context.close();
  });

  it('fits a 1024×768 tablet', async () => {
    const { context, page } = await newPage(browser, site, {
      viewport: { width: 1024, height: 768 },
    });
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await fitsTheWidth(page)).toBe(true);
    await context.close();
  });
});
