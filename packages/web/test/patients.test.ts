/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  seriousViolations,
  signInByApi,
  startSite,
} from './harness.js';
import { OTHER_CLINICIAN, OTHER_PASSWORD, seedOtherClinic } from './otherClinic.js';
import { ADA, atBothSizes, contextAs, fitsTheWidth, registerByApi } from './screens.js';

/**
 * The patient screens against the real server: the list (search, pages), registering and
 * editing with the API's 422s beside their fields, the patient page, and tenancy — another
 * clinic's patient is "not found" whatever the address.
 */
const SYNTHETIC = 25;

interface PageOf<T> {
  items: T[];
  total: number;
}

describeInBrowser('the patient screens', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([
      startSite({ demoPatients: SYNTHETIC, prepare: seedOtherClinic }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function signedIn(
    options: { viewport?: { width: number; height: number }; locale?: string } = {},
  ): Promise<{ context: BrowserContext; page: Page; complaints: string[] }> {
    const opened = await newPage(browser, site, options);
    await signInByApi(opened.context);
    return opened;
  }

  const rows = (page: Page) => page.locator('table tbody tr');
  const status = (page: Page) => page.getByRole('status').textContent();

  it('lists the patients a page at a time, and searches them by name', async () => {
    const { context, page, complaints } = await signedIn();
    await page.goto('/patients');
    await expect.poll(() => status(page)).toBe(`Patients 1–20 of ${SYNTHETIC}`);
    expect(await rows(page).count()).toBe(20);
    expect(await rows(page).first().textContent()).toContain('Patient 001, Synthetic');
    await atBothSizes(page, 'patients');

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => status(page)).toBe(`Patients 21–25 of ${SYNTHETIC}`);
    expect(new URL(page.url()).search).toBe('?page=2');
    expect(await rows(page).count()).toBe(5);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    // The page is in the address: back returns to the first.
    await page.goBack();
    await expect.poll(() => status(page)).toBe(`Patients 1–20 of ${SYNTHETIC}`);
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);

    await page.getByLabel('Search by name').fill('patient 007');
    await expect.poll(() => status(page)).toBe('Patients 1–1 of 1');
    expect(new URL(page.url()).searchParams.get('q')).toBe('patient 007');
    expect(await rows(page).textContent()).toContain('Patient 007, Synthetic');
    expect(await page.getByRole('button', { name: 'Next page' }).count()).toBe(0);

    await page.getByLabel('Search by name').fill('nobody-by-this-name');
    await expect.poll(() => status(page)).toBe('No patient matches “nobody-by-this-name”.');
    // A search's address opens the same search.
    await page.goto('/patients?q=patient%20012');
    await expect.poll(() => status(page)).toBe('Patients 1–1 of 1');
    expect(await page.getByLabel('Search by name').inputValue()).toBe('patient 012');
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('registers a patient: each refusal is said beside its field, then fixed and saved', async () => {
    const { context, page, complaints } = await signedIn();
    await page.goto('/patients');
    await page.getByRole('link', { name: 'Register a patient' }).click();
    await page.getByRole('heading', { name: 'Register a patient' }).waitFor();

    // Nothing filled in: the server names every field that needs something.
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Enter the given name.').waitFor();
    for (const words of [
      'Enter the family name.',
      'Enter the birth date: day, month and year.',
      'Choose the sex.',
      'Choose the Fitzpatrick skin type.',
      'Choose the laxity grade.',
    ])
      await page.getByText(words).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('6 fields need attention');

    await page.getByLabel('Given name').fill(ADA.givenName);
    await page.getByLabel('Family name').fill(ADA.familyName);
    await page.getByLabel('Birth date').fill('2100-01-01');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Fitzpatrick skin type').selectOption('2');
    await page.getByLabel('Laxity grade').selectOption('2.5');
    await page.getByRole('button', { name: 'Register' }).click();

    // The birth date's reason, beside it, tied to it for screen readers, and the cursor there.
    const birthDate = page.getByLabel('Birth date');
    const reason = page.getByText(/^The birth date must be before today \(.+\)\.$/);
    await reason.waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('One field needs attention');
    expect(await birthDate.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await birthDate.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await reason.getAttribute('id'));
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('type')))
      .toBe('date');
    expect(await page.getByText('Enter the given name.').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await birthDate.fill(ADA.birthDate);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    const id = new URL(page.url()).pathname.split('/')[2];
    const stored = await context.request.get(`/api/patients/${id}`);
    expect(await stored.json()).toMatchObject({ ...ADA, email: null, phone: null });
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('edits a patient, with the refusal of a bad phone number in words', async () => {
    const { context, page, complaints } = await signedIn();
    const id = await registerByApi(context.request, { ...ADA, givenName: 'Augusta' });
    await page.goto(`/patients/${id}`);
    await page.getByRole('link', { name: 'Edit details' }).click();
    await page.getByRole('heading', { name: 'Edit Augusta Lovelace' }).waitFor();
    expect(await page.getByLabel('Birth date').inputValue()).toBe(ADA.birthDate);
    expect(await page.getByLabel('Laxity grade').inputValue()).toBe('2.5');

    await page.getByLabel('Phone').fill('call me');
    await page.getByLabel('Fitzpatrick skin type').selectOption('3');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByText('Use digits, spaces and + ( ) . / - only, for example +44 20 7946 0018.')
      .waitFor();
    await page.getByLabel('Phone').fill('+44 20 7946 0018');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Augusta Lovelace' }).waitFor();
    expect(await page.getByText('+44 20 7946 0018').count()).toBe(1);
    await page.getByText(/^Type III/).waitFor();
    const stored = await (await context.request.get(`/api/patients/${id}`)).json();
    expect(stored).toMatchObject({ phone: '+44 20 7946 0018', fitzpatrickType: 3 });
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('shows a patient: details, skin, the latest screening and each plan with its thumbnail', async () => {
    const { context, page, complaints } = await signedIn();
    const found = (await (
      await context.request.get('/api/patients?query=patient%20003')
    ).json()) as PageOf<{ id: string; fitzpatrickType: number }>;
    const patient = found.items[0];
    const plans = (await (
      await context.request.get(`/api/patients/${patient.id}/plans`)
    ).json()) as PageOf<{ id: string; totals: { cores: number } }>;
    const screenings = (await (
      await context.request.get(`/api/patients/${patient.id}/screenings`)
    ).json()) as PageOf<{ decision: string }>;
    expect(plans.items.length).toBeGreaterThan(0);
    expect(screenings.items.length).toBeGreaterThan(0);

    await page.goto(`/patients/${patient.id}`);
    await page.getByRole('heading', { name: 'Synthetic Patient 003' }).waitFor();
    await page.getByText('Demo patient: generated, not a real person').waitFor();
    const roman = ['I', 'II', 'III', 'IV', 'V', 'VI'][patient.fitzpatrickType - 1];
    await page.getByText(new RegExp(`^Type ${roman} \\(`)).waitFor();
    const screening = page.getByRole('region', { name: 'Latest screening' });
    await expect.poll(() => screening.textContent()).toMatch(/Eligible|Not eligible|Refer/);

    const cards = page.getByRole('article');
    await expect.poll(() => cards.count()).toBe(plans.items.length);
    for (const [i, plan] of plans.items.entries()) {
      const card = cards.nth(i);
      const cores = plan.totals.cores.toLocaleString('en-GB');
      expect(await card.getByRole('img').getAttribute('aria-label')).toContain(`${cores} cores`);
      expect(await card.locator('svg path').count()).toBe(7);
      expect(await card.getByRole('link', { name: /^Plan of / }).getAttribute('href')).toBe(
        `/patients/${patient.id}/plans/${plan.id}`,
      );
      // A clinician may start a delivery session of each saved plan.
      expect(await card.getByRole('link', { name: /^Start session/ }).getAttribute('href')).toBe(
        `/patients/${patient.id}/plans/${plan.id}/delivery`,
      );
    }
    expect(await page.getByRole('link', { name: 'New plan' }).getAttribute('href')).toBe(
      `/patients/${patient.id}/planner`,
    );
    await atBothSizes(page, 'patient');
    expect(complaints).toEqual([]);
    await context.close();
  });

  it("shows another clinic's patient as not found, whatever the address", async () => {
    const other = await contextAs(browser, site, OTHER_CLINICIAN, OTHER_PASSWORD);
    const theirs = await registerByApi(other.request, { ...ADA, givenName: 'Grace' });
    await other.close();
    const { context, page, complaints } = await signedIn();
    for (const path of [`/patients/${theirs}`, `/patients/${theirs}/edit`]) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      expect(await page.getByText('Grace').count()).toBe(0);
    }
    expect(await seriousViolations(page)).toEqual([]);
    // An unknown id and an address the app does not have say the same.
    await page.goto('/patients/00000000-0000-4000-8000-000000000000');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.goto('/patients/not-an-id/more/parts');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(complaints).toEqual([]);
    await context.close();
  });

  it("shows dates and numbers in the browser's locale", async () => {
    const { context, page } = await signedIn({ locale: 'de-DE' });
    await registerByApi(context.request, { ...ADA, familyName: 'Byron' });
    await page.goto('/patients?q=byron');
    await expect.poll(() => rows(page).count()).toBe(1);
    const cells = await rows(page).locator('td').allTextContents();
    expect(cells).toContain('10.12.1961');
    expect(cells).toContain('2,5');
    await context.close();
  });

  it('fits a 1024×768 tablet', async () => {
    const { context, page } = await signedIn({ viewport: { width: 1024, height: 768 } });
    await page.goto('/patients');
    await expect.poll(() => rows(page).count()).toBe(20);
    expect(await fitsTheWidth(page)).toBe(true);
    await rows(page).filter({ hasText: 'Patient 001' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'Plans' }).waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBeGreaterThan(0);
    expect(await fitsTheWidth(page)).toBe(true);
    await page.getByRole('link', { name: 'Edit details' }).click();
    await page.getByLabel('Given name').waitFor();
    expect(await fitsTheWidth(page)).toBe(true);
    await context.close();
  });
});
