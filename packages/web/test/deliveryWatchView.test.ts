/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { committed, fact, session } from './deliveryPages.js';
import {
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  seriousViolations,
  signInByApi,
  startSite,
} from './harness.js';

/**
 * Watching a live session in Chromium against the real server and the demo clinic: one tab drives
 * the session (the demo console), a second tab — another console, refused the claim — follows
 * it over the watch socket without taking over; its figures move while the first drives and end
 * equal to the server's final state.
 */

describeInBrowser('watching a live delivery session in the browser', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 3 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('a second tab follows the session the first drives, to the same final totals', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context);
    const { patientId, sessionId, consoleId } = await startSession(context);
    // The first tab is the console that started the session (as the start screen would keep it).
    await page.addInitScript(([key, value]) => window.sessionStorage.setItem(key, value), [
      `microcore.delivery.console.${sessionId}`,
      consoleId,
    ] as const);
    const liveUrl = `/patients/${patientId}/delivery/${sessionId}`;
    await page.goto(liveUrl);
    await expect.poll(() => page.getByText('Console connected').count()).toBe(1);

    // The second tab: another console, refused; it follows instead, holding nothing.
    const second = await context.newPage();
    await second.goto(liveUrl);
    await second.getByText('This session is held by another console').waitFor({ timeout: 20_000 });
    await expect.poll(() => second.getByText('Following live').count()).toBe(1);
    expect(await second.getByRole('button', { name: 'Pause' }).isDisabled()).toBe(true);
    expect(await seriousViolations(second)).toEqual([]);

    await page.getByText('×100').click();
    // It moves while the first drives, not only when it is opened.
    await expect.poll(() => committed(second), { timeout: 60_000 }).toBeGreaterThan(300);
    expect((await session(context, patientId, sessionId)).status).toBe('open');
    await page.getByText('Full speed').click();
    await page.getByText('The session has ended').waitFor({ timeout: 180_000 });
    await second.getByText('The session has ended').waitFor({ timeout: 20_000 });

    const final = await session(context, patientId, sessionId);
    expect(final.status).toBe('ended');
    const extracted = final.state.zones.reduce((s, z) => s + z.extracted, 0);
    const failed = final.state.zones.reduce((s, z) => s + z.failed, 0);
    expect(extracted).toBeGreaterThan(1000);
    for (const tab of [page, second]) {
      await expect.poll(() => committed(tab)).toBe(final.lastSeq);
      expect(await fact(tab, 'Cores extracted')).toMatch(
        new RegExp(`^${extracted.toLocaleString('en-GB')} of `),
      );
      expect(await fact(tab, 'Failed')).toBe(failed.toLocaleString('en-GB'));
    }
    await second.getByText(`record ${final.sessionRecordId}`, { exact: false }).waitFor();
    // The watching tab never took the session: the first console holds it to the end.
    expect(final.consoleId).toBe(consoleId);
    const quiet = complaints.filter((c) => !/WebSocket|409/.test(c));
    expect(quiet).toEqual([]);
  });
});

/** A session of the first demo patient with a saved plan, started over the API. */
async function startSession(context: BrowserContext) {
  const response = await context.request.get('/api/patients');
  const { items } = (await response.json()) as { items: { id: string }[] };
  for (const { id: patientId } of items) {
    const plans = (await (
      await context.request.get(`/api/patients/${patientId}/plans`)
    ).json()) as {
      items: { id: string }[];
    };
    const planId = plans.items[0]?.id;
    if (!planId) continue;
    const consoleId = randomUUID();
    const body = { planId, consoleId, anaesthesia: 'topical' };
    let started = await context.request.post(`/api/patients/${patientId}/delivery-sessions`, {
      data: body,
    });
    // A demo patient may have had a session lately: the server then asks for the reason.
    if (started.status() === 422)
      started = await context.request.post(`/api/patients/${patientId}/delivery-sessions`, {
        data: { ...body, intervalReason: 'Touch-up agreed with the patient' },
      });
    expect(started.status(), await started.text()).toBe(201);
    const { id: sessionId } = (await started.json()) as { id: string };
    return { patientId, sessionId, consoleId };
  }
  throw new Error('no demo patient has a plan');
}
