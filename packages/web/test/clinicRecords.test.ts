/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { request as apiRequest, type Browser, type Locator } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEMO_ADMIN,
  DEMO_CLINICIAN,
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  signInByApi,
  startSite,
} from './harness.js';
import { ADA, atBothSizes, contextAs, registerByApi, shiftDays } from './screens.js';

/**
 * Adverse events, consents, the patient timeline and the administration against the real server:
 * bad input shows its field's reason and saves nothing; resolve, reopen, withdraw; the timeline in
 * date order with the next due date; an admin's users, audit verify and checkpoint, FHIR export;
 * a clinician cannot reach the administration; a researcher never sees a name, birth date or photo.
 */

const RESEARCHER = 'analyst@demo.clinic';
const RESEARCHER_PASSWORD = 'copper kettle winter orchard';

describeInBrowser('adverse events, consents, timeline and administration', () => {
  let site: Site;
  let browser: Browser;
  let today: string;
  let adaId: string;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 6 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  /** Screenshots at 1280×800 and 1024×768 (the tablet's without sideways scrolling), axe at each. */
  const fieldError = (input: Locator) =>
    input.evaluate((input) => {
      const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
      return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    });

  it('records an adverse event (refused, then fixed), resolves and reopens it; records and withdraws a consent; the timeline shows them in date order', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context);
    today = (await (await context.request.get('/api/clinic')).json()).today;
    adaId = await registerByApi(context.request);
    const events = `/api/patients/${adaId}/adverse-events`;

    await page.goto(`/patients/${adaId}`);
    await page.getByRole('link', { name: 'Adverse events' }).click();
    await page.getByRole('heading', { name: 'Adverse events: Ada Lovelace' }).waitFor();
    await page.getByRole('heading', { name: 'The rules' }).waitFor();

    // Nothing chosen: each required field's reason beside it, nothing saved.
    const form = page.getByRole('form', { name: 'Record an adverse event' });
    await form.getByRole('button', { name: 'Record the event' }).click();
    await form.getByText('Choose the type of event.').waitFor();
    expect(await fieldError(form.getByLabel('Onset date'))).toBe(
      'Enter the onset date: day, month and year.',
    );
    expect(await form.getByRole('alert').first().textContent()).toContain(
      '4 fields need attention',
    );
    // Then an onset after today: refused beside the date, the cursor there, nothing saved.
    await form.getByLabel('Type').selectOption('erythema');
    await form.getByLabel('Severity').selectOption('mild');
    await form.getByLabel('Relatedness to the treatment').selectOption('probable');
    await form.getByLabel('Onset date').fill(shiftDays(today, 3));
    await form.getByRole('button', { name: 'Record the event' }).click();
    await form.getByText(/^The onset date cannot be after today/).waitFor();
    expect(await form.getByLabel('Onset date').getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('adverse-event-onsetDate');
    expect(await form.getByRole('alert').first().textContent()).toContain(
      'One field needs attention',
    );
    expect((await (await context.request.get(events)).json()).items).toEqual([]);

    const onset = shiftDays(today, -10);
    await form.getByLabel('Onset date').fill(onset);
    await form.getByRole('button', { name: 'Record the event' }).click();
    const card = page.getByRole('article');
    await card.getByText('Ongoing').waitFor();
    expect(await page.getByText('fields need attention').count()).toBe(0);
    const stored = (await (await context.request.get(events)).json()).items;
    expect(stored).toMatchObject([
      { type: 'erythema', onsetDate: onset, severity: 'mild', resolutionDate: null },
    ]);

    // Resolved before its onset: refused beside the date; then resolved, then reopened.
    await card.getByLabel('Resolution date').fill(shiftDays(onset, -1));
    await card.getByRole('button', { name: 'Resolve' }).click();
    await card.getByText(/^The resolution date cannot be before the onset/).waitFor();
    await card.getByLabel('Resolution date').fill(shiftDays(onset, 4));
    await card.getByRole('button', { name: 'Resolve' }).click();
    await card.getByText('Resolved', { exact: true }).waitFor();
    expect((await (await context.request.get(events)).json()).items[0].resolutionDate).toBe(
      shiftDays(onset, 4),
    );
    await atBothSizes(page, 'adverse-events');
    await card.getByRole('button', { name: /^Reopen/ }).click();
    await card.getByText('Ongoing').waitFor();
    expect((await (await context.request.get(events)).json()).items[0].resolutionDate).toBeNull();

    // Consents: no scope refused beside it; then recorded and withdrawn.
    await page.getByRole('link', { name: 'Back to Ada Lovelace' }).click();
    await page.getByRole('link', { name: 'Consents' }).click();
    await page.getByRole('heading', { name: 'Consents: Ada Lovelace' }).waitFor();
    const given = shiftDays(today, -20);
    const consentForm = page.getByRole('form', { name: 'Record a consent' });
    await consentForm.getByLabel('Given on').fill(given);
    await consentForm.getByRole('button', { name: 'Record the consent' }).click();
    await consentForm.getByText('Choose the scope of the consent.').waitFor();
    const consents = `/api/patients/${adaId}/consents`;
    expect((await (await context.request.get(consents)).json()).items).toEqual([]);
    await consentForm.getByLabel('Scope').selectOption('treatment');
    await consentForm.getByRole('button', { name: 'Record the consent' }).click();
    const row = page.getByRole('row', { name: /Treatment/ });
    await row.getByText('Active').waitFor();
    await atBothSizes(page, 'consents');
    await row.getByRole('button', { name: 'Withdraw' }).click();
    await row.getByText(/^Withdrawn/).waitFor();
    expect((await (await context.request.get(consents)).json()).items).toMatchObject([
      { scope: 'treatment', date: given, status: 'withdrawn', withdrawnDate: today },
    ]);

    // The timeline: the consent, the event's onset, the withdrawal, in date order.
    await page.getByRole('link', { name: 'Back to Ada Lovelace' }).click();
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.getByRole('heading', { name: 'Timeline: Ada Lovelace' }).waitFor();
    const rows = page.locator('tbody tr');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind'))))
      .toEqual(['consent', 'adverse-event', 'consent-withdrawn']);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-date')))).toEqual([
      given,
      onset,
      today,
    ]);
    await page.getByText(/^Nothing booked from today/).waitFor();
    expect(complaints).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows a demo patient’s whole record in date order with the next due date', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context);
    // A demo patient with a series booked from yesterday on its first plan: bookings ahead.
    const found = (await (await context.request.get('/api/patients?query=patient%20001')).json())
      .items as { id: string }[];
    const id = found[0]?.id ?? '';
    const plans = (await (await context.request.get(`/api/patients/${id}/plans`)).json()).items as {
      id: string;
    }[];
    const booked = await context.request.post(`/api/patients/${id}/series`, {
      data: { planId: plans[0]?.id, startDate: shiftDays(today, -1) },
    });
    expect(booked.status(), await booked.text()).toBe(201);
    // Every booking ahead of the patient's series (the demo's own may have some too).
    const all = (await (await context.request.get(`/api/patients/${id}/series`)).json()).items as {
      sessions: { date: string }[];
      assessmentDate: string;
    }[];
    const ahead = {
      id,
      dates: all
        .flatMap((one) => [...one.sessions.map((x) => x.date), one.assessmentDate])
        .filter((d) => d >= today),
    };
    // Two adverse events of its own: one struck out as entered in error, one corrected.
    const recordEvent = async (onsetDate: string) => {
      const made = await context.request.post(`/api/patients/${id}/adverse-events`, {
        data: { type: 'bruising', onsetDate, severity: 'mild', relatedness: 'possible' },
      });
      expect(made.status(), await made.text()).toBe(201);
      return (await made.json()).id as string;
    };
    const wrong = await recordEvent(shiftDays(today, -3));
    const fixed = await recordEvent(shiftDays(today, -2));
    const events = `/api/patients/${id}/adverse-events`;
    const struck = await context.request.post(`${events}/${wrong}/entered-in-error`, {
      data: { expectedVersion: 1, reason: 'Recorded for the wrong patient' },
    });
    expect(struck.status(), await struck.text()).toBe(200);
    const corrected = await context.request.post(`${events}/${fixed}/corrections`, {
      data: { expectedVersion: 1, reason: 'Severity misread', changes: { severity: 'moderate' } },
    });
    expect(corrected.status(), await corrected.text()).toBe(200);

    await page.goto(`/patients/${ahead.id}/timeline`);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(3);
    // The struck-out event keeps its place, crossed through, with the reason; the corrected one
    // reads as it now stands (moderate), marked as corrected.
    const struckRow = page.locator('tr[data-kind="adverse-event"][data-standing="struck-out"]');
    await struckRow.getByText(/Struck out.*: Recorded for the wrong patient/).waitFor();
    expect(await struckRow.getAttribute('data-date')).toBe(shiftDays(today, -3));
    expect(
      await struckRow
        .getByText(/^Adverse event: /)
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toBe('line-through');
    const correctedRow = page.locator(
      `tr[data-kind="adverse-event"][data-date="${shiftDays(today, -2)}"]`,
    );
    await correctedRow.getByText(/^Corrected: shown as it now reads/).waitFor();
    expect(await correctedRow.textContent()).toMatch(/Moderate/);
    const days = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-date')));
    expect(days).toEqual([...days].sort());
    const kinds = new Set(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind'))),
    );
    for (const kind of ['consent', 'screening', 'plan', 'series', 'session'])
      expect(kinds, kind).toContain(kind);
    // The next due date is one of the bookings ahead (not necessarily the first: one may be
    // recorded already), shown in the browser's locale.
    const next = page.getByRole('region', { name: 'Next due' });
    const shown = ahead.dates.map((d) =>
      new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', {
        dateStyle: 'medium',
        timeZone: 'UTC',
      }),
    );
    await expect.poll(() => next.textContent()).toMatch(new RegExp(shown.join('|')));
    await atBothSizes(page, 'timeline');
    expect(complaints).toEqual([]);
    await context.close();
  }, 120_000);

  it('administration: a user created (a bad email refused first), its role changed, disabled, its lockout cleared; the audit verified; a FHIR bundle downloaded', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context, DEMO_ADMIN);
    await page.goto('/patients');
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.waitForURL('**/admin/users');
    await page.getByRole('heading', { name: 'Create a user' }).waitFor();

    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Email').fill('analyst@');
    await form.getByLabel('First password').fill(RESEARCHER_PASSWORD);
    await form.getByLabel('Role').selectOption('clinician');
    await form.getByRole('button', { name: 'Create the user' }).click();
    await form.getByText('Enter an email address such as name@example.org.').waitFor();
    expect(await form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    const emails = async () =>
      ((await (await context.request.get('/api/users')).json()).items as { email: string }[]).map(
        (u) => u.email,
      );
    expect(await emails()).not.toContain('analyst@');
    await form.getByLabel('Email').fill(RESEARCHER);
    await form.getByRole('button', { name: 'Create the user' }).click();
    const row = page.getByRole('row', { name: new RegExp(RESEARCHER) });
    await row.waitFor();
    expect(await emails()).toContain(RESEARCHER);

    await row.getByLabel(`Role of ${RESEARCHER}`, { exact: true }).selectOption('researcher');
    await row.getByRole('button', { name: `Change role of ${RESEARCHER}` }).click();
    await row.getByText('Role changed to Researcher.').waitFor();
    await atBothSizes(page, 'admin-users');
    await row.getByRole('button', { name: `Disable ${RESEARCHER}` }).click();
    await row.getByText('Disabled', { exact: true }).waitFor();
    // Sign-in attempts from a client of their own (a success must not replace the admin's session).
    const outsider = await apiRequest.newContext({ baseURL: site.url });
    const signIn = (password: string) =>
      outsider.post('/api/auth/login', { data: { email: RESEARCHER, password } });
    expect((await signIn(RESEARCHER_PASSWORD)).status()).toBe(401);
    await row.getByRole('button', { name: `Enable ${RESEARCHER}` }).click();
    await row.getByText('Enabled', { exact: true }).waitFor();

    // Failed sign-ins until the account makes new devices wait; the admin clears it.
    let status = 401;
    for (let i = 0; i < 12 && status !== 429; i++)
      status = (await signIn(`wrong guess ${i}`)).status();
    expect(status).toBe(429);
    await row.getByRole('button', { name: `Clear lockout of ${RESEARCHER}` }).click();
    await row.getByText('Sign-in waits and lockout cleared.').waitFor();
    expect((await signIn(RESEARCHER_PASSWORD)).status()).toBe(200);
    const users = (await (await context.request.get('/api/users')).json()).items;
    expect(users).toContainEqual(
      expect.objectContaining({ email: RESEARCHER, role: 'researcher', disabled: false }),
    );

    // The audit trail: verified, a checkpoint downloaded, then verified against it.
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('button', { name: 'Verify now' }).click();
    await page
      .getByText(/^Intact: [\d,]+ records, every hash recomputed and matching\.$/)
      .waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download a checkpoint' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^microcore-audit-checkpoint-\d{4}-\d{2}-\d{2}-record-\d+\.json$/,
    );
    const checkpointPath = await download.path();
    const checkpoint = JSON.parse(readFileSync(checkpointPath, 'utf8'));
    expect(checkpoint.checkpoint.version).toBe(1);
    await page.getByText(/^Saved a checkpoint of record #\d+/).waitFor();
    await page.locator('input[type=file]').setInputFiles(checkpointPath);
    await page.getByRole('button', { name: 'Verify against it' }).click();
    await page.getByText(/^Intact since the checkpoint of/).waitFor();
    await atBothSizes(page, 'admin-audit');

    // The FHIR export of a patient: a Bundle.
    await page.getByRole('link', { name: 'FHIR export' }).click();
    await page.getByLabel('Find the patient').fill('Lovelace');
    const name = `${ADA.givenName} ${ADA.familyName}`;
    const exportButton = page.getByRole('button', { name: `Download FHIR bundle of ${name}` });
    await exportButton.waitFor();
    const [bundleFile] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    expect(bundleFile.suggestedFilename()).toBe(`microcore-patient-${adaId}.fhir.json`);
    const bundle = JSON.parse(readFileSync(await bundleFile.path(), 'utf8'));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry.length).toBeGreaterThan(1);
    await page.getByText(/^Saved: a FHIR Bundle \(collection\) of \d+ resources$/).waitFor();
    await atBothSizes(page, 'admin-export');
    expect(complaints).toEqual([]);
    await outsider.dispose();
    await context.close();
  }, 180_000);

  it('a clinician sees no link to the administration, and its address shows "Not allowed"', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context, DEMO_CLINICIAN);
    await page.goto('/admin/users');
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create the user' }).count()).toBe(0);
    // The API refuses the clinician as well.
    expect((await context.request.get('/api/users')).status()).toBe(403);
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('a researcher sees no name, birth date or photo on any screen they can reach', async () => {
    const context = await contextAs(browser, site, RESEARCHER, RESEARCHER_PASSWORD);
    const page = await context.newPage();
    const birthDates = [
      ADA.birthDate,
      new Date(`${ADA.birthDate}T00:00:00Z`).toLocaleDateString('en-GB', {
        dateStyle: 'medium',
        timeZone: 'UTC',
      }),
      new Date(`${ADA.birthDate}T00:00:00Z`).toLocaleDateString('en-US', {
        dateStyle: 'medium',
        timeZone: 'UTC',
      }),
    ];
    const screens = [
      '/patients',
      `/patients/${adaId}`,
      `/patients/${adaId}/timeline`,
      `/patients/${adaId}/adverse-events`,
      `/patients/${adaId}/consents`,
      `/patients/${adaId}/edit`,
      '/admin',
      '/evidence',
    ];
    for (const [i, path] of screens.entries()) {
      if (i === 0) await page.goto(path);
      else await page.evaluate((to) => window.history.pushState(null, '', to), path);
      // pushState does not tell the router: a popstate does.
      if (i > 0) await page.evaluate(() => window.dispatchEvent(new PopStateEvent('popstate')));
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.locator('main [aria-label^="Loading"]').count()).toBe(0);
      expect(new URL(page.url()).pathname).toBe(path);
      // What the screen shows, as rendered (textContent would add the page's style sheets).
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
      const text = await page.locator('body').innerText();
      expect(text, path).not.toMatch(/Lovelace|Synthetic Patient|Ada\b/);
      for (const date of birthDates) expect(text, path).not.toContain(date);
      expect(await page.locator('img, canvas').count(), path).toBe(0);
    }
    await context.close();
  });
});
