/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  signInByApi,
  startSite,
} from './harness.js';
import { ADA, atBothSizes, registerByApi } from './screens.js';

/**
 * "Predicted beside observed" on the patient page: a plan saved through the API keeps its
 * prediction; a session and a 90-day follow-up recorded through the API; the page shows the
 * observed change beside the stored prediction with its interval and the model-estimate label.
 * A demo patient's plan shows the prediction the seed stored with it. Two page loads.
 */

/** Days from today (the server's clock is the real one here), as a calendar date. */
const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describeInBrowser('predicted beside observed', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 4 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('a 90-day follow-up beside the prediction stored with the plan, with its interval', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context);
    const api = context.request;
    // Mild laxity: one session, so the series is complete after it.
    const id = await registerByApi(api, { ...ADA, givenName: 'Paloma', laxityGrade: 1 });
    const post = async (path: string, data: object) => {
      const response = await api.post(`/api/patients/${id}/${path}`, { data });
      expect(response.status(), await response.text()).toBe(201);
      return response.json();
    };
    await post('consents', { scope: 'treatment', date: dayOffset(-120) });
    await post('assessments', { date: dayOffset(-110), lemperleByZone: { submental: 4 } });
    const plan = await post('plans', { zones: ['submental'], needle: '23G', coverage: 5 });
    const at90 = plan.prediction.timepoints[0];
    expect(at90.daysAfterLastSession).toBe(90);
    await post('sessions', {
      planId: plan.id,
      date: dayOffset(-100),
      zones: [{ zoneId: 'submental', coresDelivered: 100 }],
      anaesthesia: 'topical',
    });
    // One grade better at 90 days: an improvement of 1 grade.
    await post('assessments', { date: dayOffset(-10), lemperleByZone: { submental: 3 } });
    const inside = at90.low <= 1 && 1 <= at90.high;

    await page.goto(`/patients/${id}`);
    const panel = page.getByRole('region', { name: 'Predicted beside observed' });
    await expect.poll(() => panel.getByTestId('estimate-label').isVisible()).toBe(true);
    await expect
      .poll(() => panel.getByTestId('estimate-label').textContent())
      .toContain('Model estimate — not a promise of outcome');
    expect(await panel.getByTestId('estimate-label').textContent()).toContain('90 %');
    const row = panel.getByRole('row', { name: /90 days/ });
    const text = await row.textContent();
    expect(text).toContain('+1 grade (day 90)');
    // The stored interval, as the locale writes it (en-GB: a point, up to two decimals).
    const two = (v: number) =>
      new Intl.NumberFormat('en-GB', {
        maximumFractionDigits: 2,
        signDisplay: 'exceptZero',
      }).format(v);
    expect(text).toContain(`${two(at90.mean)} (${two(at90.low)} to ${two(at90.high)}) grades`);
    // The badge is written in capitals by the theme.
    expect(text?.toLowerCase()).toContain(inside ? 'inside' : 'outside');
    expect(await panel.getByRole('row', { name: /180 days/ }).textContent()).toContain(
      'not recorded yet',
    );
    await atBothSizes(
      page,
      'predicted-observed',
      page.getByRole('heading', { name: 'Predicted beside observed' }),
    );

    // A demo patient's plan carries the prediction its save would have made (the seed makes it,
    // docs/evidence.md "The demo's predictions"): the page shows it beside their follow-ups. A
    // plan stored without one ("No prediction stored") is a unit test (predictedObserved.test.ts).
    const demo = (await (await api.get('/api/patients?pageSize=50')).json()) as {
      items: { id: string; synthetic: boolean }[];
    };
    let demoId: string | undefined;
    for (const p of demo.items.filter((p) => p.synthetic)) {
      const sessions = await (await api.get(`/api/patients/${p.id}/sessions`)).json();
      if (sessions.items.length > 0) {
        demoId = p.id;
        break;
      }
    }
    expect(demoId).toBeDefined();
    await page.goto(`/patients/${demoId}`);
    const demoPanel = page.getByRole('region', { name: 'Predicted beside observed' });
    await expect
      .poll(() => demoPanel.getByTestId('estimate-label').textContent())
      .toContain('Model estimate — not a promise of outcome');
    expect(await page.getByTestId('no-stored-prediction').count()).toBe(0);
    expect(complaints).toEqual([]);
    await context.close();
  });
});
