/// <reference lib="dom" />
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEMO_CLINICIAN,
  DEMO_PASSWORD,
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  seriousViolations,
  signInByApi,
  startSite,
} from './harness.js';
import { ADA, registerByApi } from './screens.js';

/**
 * A session that ends under an open screen: the sign-in comes over the screen instead of
 * replacing it, so what was typed and not saved is still there, and what was being done (a
 * save, a page being opened) carries on once signed in again.
 */
describeInBrowser('an expired session', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 0 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  /** End the context's session at the server, as an expiry or a sign-out elsewhere would. */
  async function revokeSession(context: BrowserContext): Promise<void> {
    const cookie = (await context.cookies()).find((c) => c.name === 'microcore_session');
    expect(cookie).toBeDefined();
    const elsewhere = await browser.newContext({ baseURL: site.url });
    const out = await elsewhere.request.post('/api/auth/logout', {
      headers: { cookie: `microcore_session=${cookie?.value}` },
    });
    expect(out.status()).toBe(204);
    await elsewhere.close();
    expect((await context.request.get('/api/me')).status()).toBe(401);
  }

  it('keeps the unsaved text, asks for the password over the form, then saves it', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context);
    const id = await registerByApi(context.request);
    await page.goto(`/patients/${id}/edit`);
    const given = page.locator('#patient-givenName');
    await given.waitFor();
    await given.fill('Augusta Ada');
    await page.getByLabel('Phone').fill('+44 20 7946 0018');

    await revokeSession(context);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    // The form is still there behind it, with what was typed.
    expect(new URL(page.url()).pathname).toBe(`/patients/${id}/edit`);
    expect(await given.inputValue()).toBe('Augusta Ada');
    expect(await dialog.getByLabel('Email').inputValue()).toBe(DEMO_CLINICIAN);
    // The cursor waits in the password field: the keyboard alone signs in again.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('type')))
      .toBe('password');
    expect(await seriousViolations(page)).toEqual([]);

    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    // The save that met the ended session went through once signed in.
    await page.getByRole('heading', { name: 'Augusta Ada Lovelace' }).waitFor();
    expect(await dialog.count()).toBe(0);
    const stored = await (await context.request.get(`/api/patients/${id}`)).json();
    expect(stored).toMatchObject({ givenName: 'Augusta Ada', phone: '+44 20 7946 0018' });
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('with the cookie gone, a screen being opened waits for sign-in; a wrong password keeps it waiting', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context);
    const id = await registerByApi(context.request, { ...ADA, givenName: 'Charles' });
    await page.goto('/patients?q=charles');
    const link = page.getByRole('link', { name: 'Lovelace, Charles' });
    await link.waitFor();

    await context.clearCookies();
    await link.click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    await dialog.getByLabel('Password', { exact: true }).fill('not-the-password');
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
    await dialog.getByText('The email or the password is wrong.', { exact: false }).waitFor();

    await dialog.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
    await page.getByRole('heading', { name: 'Charles Lovelace' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/patients/${id}`);
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('signing out instead goes to the sign-in page', async () => {
    const { context, page } = await newPage(browser, site);
    await signInByApi(context);
    const id = await registerByApi(context.request);
    await page.goto(`/patients/${id}/edit`);
    await page.locator('#patient-givenName').fill('Someone else');
    await context.clearCookies();
    await page.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.getByRole('button', { name: /Sign out instead/ }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // Nothing was saved.
    await signInByApi(context);
    const stored = await (await context.request.get(`/api/patients/${id}`)).json();
    expect(stored.givenName).toBe(ADA.givenName);
    await context.close();
  });
});
