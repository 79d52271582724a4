/// <reference lib="dom" />
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { committed, fact, session } from './deliveryPages.js';
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

/**
 * The live delivery view in Chromium against the real server and the demo clinic: a clinician
 * starts a session from a plan card, runs the simulated handpiece at full speed with a pause and
 * a resume, reloads mid-session (the same totals), a second tab is refused and takes over, the
 * session runs to its end; the screen's totals are the server's, the session record is written,
 * and axe finds nothing serious.
 */

describeInBrowser('the live delivery view in the browser', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 3 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('starts from a plan card, runs the demo to the end with a pause, a reload and a takeover', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context);
    const patientId = await patientWithPlan(context);

    await page.goto(`/patients/${patientId}`);
    await page
      .getByRole('link', { name: /^Start session/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Start a delivery session' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Start the session' }).click();
    // A demo patient may have had a session lately: the server then asks for the reason.
    const reason = page.getByLabel('Reason for a shorter interval');
    const started = page.waitForURL(/\/delivery\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await Promise.race([started, reason.waitFor({ timeout: 20_000 })]);
    if (await reason.isVisible()) {
      await reason.fill('Touch-up agreed with the patient');
      await page.getByRole('button', { name: 'Start the session' }).click();
      await started;
    }
    const liveUrl = page.url();
    const sessionId = liveUrl.split('/').pop() ?? '';
    await page.getByRole('heading', { name: /^Live delivery/ }).waitFor();
    await expect.poll(() => page.getByText('Console connected').count()).toBe(1);

    // ×100 (the whole session in some 30 s; at full speed it is over in a few): a pause on
    // the way, then a resume.
    await page.getByText('×100').click();
    await expect.poll(() => committed(page), { timeout: 60_000 }).toBeGreaterThan(300);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await expect.poll(() => committed(page)).toBe(await serverSeq(context, patientId, sessionId));
    const atPause = await committed(page);
    await page.waitForTimeout(600);
    expect(await committed(page)).toBe(atPause);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => committed(page), { timeout: 60_000 }).toBeGreaterThan(atPause + 500);

    // Paused again, the page reloaded: it draws the same totals from the server's state.
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await expect.poll(() => committed(page)).toBe(await serverSeq(context, patientId, sessionId));
    const before = await fact(page, 'Cores extracted');
    const beforeFailed = await fact(page, 'Failed');
    await page.reload();
    await page.getByRole('heading', { name: /^Live delivery/ }).waitFor();
    await expect.poll(() => fact(page, 'Cores extracted')).toBe(before);
    expect(await fact(page, 'Failed')).toBe(beforeFailed);
    await page.getByRole('button', { name: 'Resume' }).waitFor();

    // A duplicated tab (the browser copies the tab's sessionStorage, this console's id with it):
    // another console all the same, refused — not a second handpiece driving the session.
    const key = `microcore.delivery.console.${sessionId}`;
    const kept = await page.evaluate((k) => sessionStorage.getItem(k), key);
    expect(kept).toBeTruthy();
    const duplicate = await context.newPage();
    await duplicate.addInitScript(
      ([k, v]) => {
        if (sessionStorage.getItem(k) === null) sessionStorage.setItem(k, v);
      },
      [key, kept ?? ''] as const,
    );
    await duplicate.goto(liveUrl);
    await duplicate
      .getByText('This session is held by another console')
      .waitFor({ timeout: 20_000 });
    expect(await duplicate.evaluate((k) => sessionStorage.getItem(k), key)).not.toBe(kept);
    await duplicate.close();

    // A second tab: another console, refused; it takes over with a reason.
    const second = await context.newPage();
    await second.goto(liveUrl);
    await second.getByText('This session is held by another console').waitFor({ timeout: 20_000 });
    expect(await seriousViolations(second)).toEqual([]);
    await second.getByRole('button', { name: 'Take over' }).click();
    await second.getByLabel('Reason for the takeover').fill('The first tablet froze');
    await second.getByRole('button', { name: 'Take over the session' }).click();
    await expect.poll(() => second.getByText('Console connected').count()).toBe(1);
    // The first tab's console is refused from now on, and says so.
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('This session is held by another console').waitFor({ timeout: 20_000 });

    await second.getByText('Full speed').click();
    await second.getByRole('button', { name: 'Resume' }).click();
    await second.getByText('The session has ended').waitFor({ timeout: 180_000 });
    await screenshot(second, 'live-delivery');
    expect(await seriousViolations(second)).toEqual([]);

    // The screen's totals are the server's final state; the record was written.
    const final = await session(context, patientId, sessionId);
    expect(final.status).toBe('ended');
    expect(final.sessionRecordId).not.toBeNull();
    const extracted = final.state.zones.reduce((s, z) => s + z.extracted, 0);
    const failed = final.state.zones.reduce((s, z) => s + z.failed, 0);
    expect(extracted).toBeGreaterThan(1000);
    await expect.poll(() => committed(second)).toBe(final.lastSeq);
    expect(await fact(second, 'Cores extracted')).toMatch(
      new RegExp(`^${extracted.toLocaleString('en-GB')} of `),
    );
    expect(await fact(second, 'Failed')).toBe(failed.toLocaleString('en-GB'));
    await second.getByText(`record ${final.sessionRecordId}`, { exact: false }).waitFor();
    // The alarms cannot be missed: the banner names the session's latest; the assertive live
    // region has said one (at most one every few seconds: alarmAnnouncer.ts).
    const newestAlarm = final.state.alarms.at(-1);
    expect(newestAlarm).toBeDefined();
    await expect
      .poll(() => second.locator('[aria-label="Latest alarms"]').textContent())
      .toContain(newestAlarm?.message);
    expect(await second.locator('[aria-live="assertive"]').first().textContent()).toMatch(
      /^Alarm: /,
    );
    const records = await context.request.get(`/api/patients/${patientId}/sessions`);
    const { items } = (await records.json()) as { items: { id: string }[] };
    expect(items.map((r) => r.id)).toContain(final.sessionRecordId);

    const quiet = complaints.filter((c) => !/WebSocket|409/.test(c));
    expect(quiet).toEqual([]);
  });
});

/** The first demo patient with a saved plan. */
async function patientWithPlan(context: BrowserContext): Promise<string> {
  const response = await context.request.get('/api/patients');
  const { items } = (await response.json()) as { items: { id: string }[] };
  for (const { id } of items) {
    const plans = await context.request.get(`/api/patients/${id}/plans`);
    const list = (await plans.json()) as { items: unknown[] };
    if (list.items.length > 0) return id;
  }
  throw new Error('no demo patient has a plan');
}

async function serverSeq(
  context: BrowserContext,
  patientId: string,
  sessionId: string,
): Promise<number> {
  return (await session(context, patientId, sessionId)).lastSeq;
}
