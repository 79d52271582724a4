/// <reference lib="dom" />
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  screenshot,
  seriousViolations,
  signInByApi,
  startSite,
} from './harness.js';
import { fitsTheWidth, registerByApi, shiftDays } from './screens.js';

/**
 * Corrections in the browser (docs/web.md "Corrections"): a session corrected through its own
 * form, with a 422 beside its field that saves nothing and a 409 when the record moved underneath
 * (what was typed is kept); an adverse event struck out with its reason; both histories with the
 * original readable.
 */

interface Versioned {
  version: number;
  recordStatus: string;
  [field: string]: unknown;
}

describeInBrowser('corrections', () => {
  let site: Site;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let complaints: string[];
  let patientId: string;
  let today: string;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 1 }), launchBrowser()]);
    ({ context, page, complaints } = await newPage(browser, site));
    await signInByApi(context);
    today = (await (await context.request.get('/api/clinic')).json()).today;
    patientId = await registerByApi(context.request);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.stop();
  });

  const post = async (path: string, data: unknown, status = 201) => {
    const response = await context.request.post(`/api/patients/${patientId}/${path}`, { data });
    expect(response.status(), await response.text()).toBe(status);
    return (await response.json()) as Versioned & { id: string };
  };
  const read = async (path: string) =>
    (
      (await (await context.request.get(`/api/patients/${patientId}/${path}`)).json()) as {
        items: (Versioned & { id: string })[];
      }
    ).items;

  const fieldError = (input: Locator) =>
    input.evaluate((input) => {
      const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
      return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    });

  it('corrects a session: a 422 beside its field saves nothing; a 409 reloads and keeps what was typed; the history keeps the original', async () => {
    const plan = await post('plans', { zones: ['submental'], needle: '23G', coverage: 5, seed: 7 });
    const day = shiftDays(today, -20);
    const session = await post('sessions', {
      planId: plan.id,
      date: day,
      zones: [{ zoneId: 'submental', coresDelivered: 100 }],
      anaesthesia: 'topical',
      operator: 'clinician@demo.clinic',
    });

    await page.goto(`/patients/${patientId}/sessions/new`);
    await page.getByRole('heading', { name: 'Recorded sessions' }).waitFor();
    await page.getByRole('button', { name: /^Correct: session of/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Correct: session of/ });
    // The session's own form, filled with what was recorded.
    const cores = dialog.getByLabel(/^Cores delivered in/);
    await expect.poll(() => cores.inputValue()).toBe('100');
    expect(await dialog.getByLabel('Session day').inputValue()).toBe(day);
    expect(await dialog.getByLabel('Anaesthesia').inputValue()).toBe('topical');

    // A day after today: refused beside the day, nothing saved.
    await cores.fill('90');
    await dialog.getByLabel('Session day').fill(shiftDays(today, 2));
    await dialog.getByLabel('Reason for the correction').fill('90 cores were taken, not 100');
    await dialog.getByRole('button', { name: 'Save the correction' }).click();
    await dialog.getByText(/^The session day cannot be after today/).waitFor();
    expect(await fieldError(dialog.getByLabel('Session day'))).toMatch(/cannot be after today/);
    expect(await dialog.getByLabel('Session day').getAttribute('aria-invalid')).toBe('true');
    expect((await read('sessions'))[0]).toMatchObject({
      version: 1,
      zones: [{ coresDelivered: 100 }],
    });

    // Someone else corrects the session while the form is open: the save is a 409, the current
    // version is said, and what was typed stays; saved again, it applies on top.
    await dialog.getByLabel('Session day').fill(day);
    await post(
      `sessions/${session.id}/corrections`,
      {
        expectedVersion: 1,
        reason: 'the operator was Dr Hopper',
        changes: { operator: 'Dr Hopper' },
      },
      200,
    );
    await dialog.getByRole('button', { name: 'Save the correction' }).click();
    const conflict = dialog.getByRole('alert').filter({ hasText: 'Changed by someone else' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Operator: clinician@demo.clinic → Dr Hopper');
    expect(await conflict.textContent()).toContain('Nothing of yours was saved');
    // The form now shows the current version with the edits on top: nothing typed is lost,
    // nothing the other change did is undone.
    expect(await cores.inputValue()).toBe('90');
    expect(await dialog.getByLabel('Operator').inputValue()).toBe('Dr Hopper');
    expect(await dialog.getByLabel('Reason for the correction').inputValue()).toBe(
      '90 cores were taken, not 100',
    );
    expect((await read('sessions'))[0]).toMatchObject({ version: 2, operator: 'Dr Hopper' });
    await dialog.getByRole('button', { name: 'Save the correction' }).click();
    await page.getByRole('status').filter({ hasText: 'Corrected: version 3 saved' }).waitFor();
    expect((await read('sessions'))[0]).toMatchObject({
      version: 3,
      operator: 'Dr Hopper',
      zones: [{ zoneId: 'submental', coresDelivered: 90 }],
    });

    // The history: every version in order, the original whole.
    await page.getByRole('button', { name: /^History: session of/ }).click();
    const history = page.getByRole('dialog', { name: /^History: session of/ });
    await history.getByRole('heading', { name: 'Version 3: Corrected' }).waitFor();
    const headings = await history.getByRole('heading', { level: 4 }).allTextContents();
    expect(headings).toEqual([
      'Version 1: Recorded',
      'Version 2: Corrected',
      'Version 3: Corrected',
    ]);
    const original = history.getByRole('table');
    expect(
      await original.getByRole('row', { name: /Zones \(cores delivered\)/ }).textContent(),
    ).toContain('submental (100)');
    const text = (await history.textContent()) ?? '';
    expect(text).toContain('Reason: the operator was Dr Hopper');
    expect(text).toContain('Reason: 90 cores were taken, not 100');
    expect(text).toContain('Zones (cores delivered): submental (100) → submental (90)');
    expect(text).toContain('By you (clinician@demo.clinic)');

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'corrections-desktop');
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await fitsTheWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'corrections-tablet');
    await page.setViewportSize({ width: 1280, height: 800 });
    // The dialog closes with Escape (keyboard), back on the screen.
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });
  });

  it('strikes out an adverse event with a reason: kept, marked, its history readable', async () => {
    const onset = shiftDays(today, -5);
    const event = await post('adverse-events', {
      type: 'erythema',
      onsetDate: onset,
      severity: 'mild',
      relatedness: 'probable',
    });
    await page.goto(`/patients/${patientId}/adverse-events`);
    const card = page.getByRole('article');
    await card.getByRole('button', { name: /^Strike out as entered in error: Erythema/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Strike out: Erythema/ });
    const meaning =
      (await dialog.getByText('What striking out means').locator('..').textContent()) ?? '';
    await dialog.getByRole('button', { name: 'Strike out as entered in error' }).waitFor();
    expect((await dialog.textContent()) ?? '').toContain(
      'It is left out of the statistics, the research pool and the FHIR export.',
    );
    expect(meaning.length).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);

    // No reason: refused beside the reason, the event still current.
    await dialog.getByRole('button', { name: 'Strike out as entered in error' }).click();
    await dialog.getByText('Enter the reason for striking it out.').waitFor();
    expect((await read('adverse-events'))[0]).toMatchObject({
      version: 1,
      recordStatus: 'current',
    });

    await dialog.getByLabel('Reason for striking it out').fill('recorded for the wrong patient');
    await dialog.getByRole('button', { name: 'Strike out as entered in error' }).click();
    await card.getByText('Entered in error', { exact: true }).waitFor();
    // The reason comes from the record's history, read after the list: waited for, not raced.
    await card.getByText(/: recorded for the wrong patient\. Kept in the record/).waitFor();
    // Struck out, not deleted: still listed and readable, but no longer resolvable or correctable.
    expect(await card.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: /^Correct/ }).count()).toBe(0);
    expect((await read('adverse-events'))[0]).toMatchObject({
      id: event.id,
      version: 2,
      recordStatus: 'entered-in-error',
    });

    await card.getByRole('button', { name: /^History: Erythema/ }).click();
    const history = page.getByRole('dialog', { name: /^History: Erythema/ });
    await history
      .getByRole('heading', { name: 'Version 2: Struck out as entered in error' })
      .waitFor();
    expect(await history.getByRole('row', { name: /^Type/ }).textContent()).toContain('Erythema');
    expect(await history.textContent()).toContain('Reason: recorded for the wrong patient');
    expect(await seriousViolations(page)).toEqual([]);
    expect(complaints).toEqual([]);
  });
});
