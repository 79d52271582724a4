/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

const LABEL = 'Model estimate — not a promise of outcome';

/** The demo clinic's first patient and that patient's first stored plan. */
async function demoPlan(context: BrowserContext): Promise<{ patientId: string; planId: string }> {
  const patients = await context.request.get('/api/patients?pageSize=1');
  expect(patients.status()).toBe(200);
  const patientId = (await patients.json()).items[0].id as string;
  const plans = await context.request.get(`/api/patients/${patientId}/plans`);
  expect(plans.status()).toBe(200);
  const planId = (await plans.json()).items[0].id as string;
  return { patientId, planId };
}

async function openPrediction(page: Page, ids: { patientId: string; planId: string }) {
  await page.goto(`/patients/${ids.patientId}/plans/${ids.planId}/prediction`);
  // The worker's result: the field image and the charts' timing line appear.
  await page.getByTestId('field-image').waitFor({ timeout: 60_000 });
  await page.getByTestId('prediction-timing').waitFor({ timeout: 60_000 });
}

/**
 * The prediction screen in Chromium: the core's simulation in a Web Worker, the heat map with its
 * colour scale, the day slider and its healing phase, the print view, and accessibility.
 */
describeInBrowser('the prediction screen', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 2 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('shows its label with the interval and a colour scale in %, with nothing for the browser to complain about', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context);
    await openPrediction(page, await demoPlan(context));
    // The label on every view: the page's, the field's, the charts', the downtime's.
    const labels = page.getByTestId('estimate-label');
    expect(await labels.count()).toBeGreaterThanOrEqual(4);
    for (const text of await labels.allTextContents()) expect(text).toContain(LABEL);
    await expect
      .poll(() => page.getByTestId('estimate-label').nth(1).textContent())
      .toMatch(/90 % of 1,000 virtual patients: \d+\.\d\d–\d+\.\d\d %/);
    const scale = page.getByRole('img', { name: /^Colour scale: Tightening \(area loss\), %/ });
    expect(await scale.count()).toBe(1);
    expect(await scale.getAttribute('aria-label')).toMatch(/from ≤ 0\.00 % .* to \d+\.\d\d %/);
    // The charts are drawn (uPlot, loaded on demand): three canvases with their day marked.
    await expect.poll(() => page.locator('.mc-chart-plot canvas').count()).toBe(3);
    // The field image carries the label in its own pixels' header: its first text is the label.
    expect(await page.getByTestId('field-image').getAttribute('aria-label')).toContain(LABEL);
    expect(complaints).toEqual([]);
    // The screenshot shows the field, its label and scale, and the slider.
    await page.getByRole('heading', { name: /^Tightening on day/ }).evaluate((heading) => {
      heading.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -70); // clear of the app's fixed header
    });
    await screenshot(page, 'prediction');
    await context.close();
  });

  it('moves through the healing course with the day slider, by keyboard', async () => {
    const { context, page } = await newPage(browser, site);
    await signInByApi(context);
    await openPrediction(page, await demoPlan(context));
    const slider = page.getByRole('slider', { name: 'Day after the first session (days)' });
    const phase = page.getByTestId('healing-phase');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => phase.textContent()).toMatch(/^Open wounds/);
    expect(await slider.getAttribute('aria-valuenow')).toBe('0');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => phase.textContent()).toMatch(/^Closure/);
    const figuresOnDay1 = await page.getByTestId('day-figures').textContent();
    await page.keyboard.press('PageUp');
    await expect.poll(() => slider.getAttribute('aria-valuenow')).toBe('11');
    await page.keyboard.press('End');
    await expect.poll(() => phase.textContent()).toMatch(/^Remodelling/);
    expect(await slider.getAttribute('aria-valuenow')).toBe('180');
    // The day's figures follow the slider.
    expect(await page.getByTestId('day-figures').textContent()).not.toBe(figuresOnDay1);
    await context.close();
  });

  it('prints the figures with the label and without the controls', async () => {
    const { context, page } = await newPage(browser, site);
    await signInByApi(context);
    await openPrediction(page, await demoPlan(context));
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.getByRole('slider').isVisible()).toBe(false);
    expect(await page.getByTestId('estimate-label').first().isVisible()).toBe(true);
    expect(await page.getByTestId('field-image').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const { context, page } = await newPage(browser, site);
    await signInByApi(context);
    await openPrediction(page, await demoPlan(context));
    await expect.poll(() => page.locator('.mc-chart-plot canvas').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('shows not-found for a plan that is not there, and cancels a run on request', async () => {
    const { context, page } = await newPage(browser, site);
    await signInByApi(context);
    const { patientId } = await demoPlan(context);
    await page.goto(`/patients/${patientId}/plans/00000000-0000-4000-8000-000000000000/prediction`);
    await expect.poll(() => page.getByText('The plan was not found.').count()).toBe(1);
    await openPrediction(page, await demoPlan(context));
    // A new choice starts a new run; cancel ends it and offers to run again.
    await page.getByRole('combobox', { name: 'Lemperle grade before treatment (0–5)' }).click();
    await page.getByRole('option', { name: '4: deep' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByText('The prediction was cancelled.').count()).toBe(1);
    await page.getByRole('button', { name: 'Run it again' }).click();
    await expect.poll(() => page.getByText('The prediction was cancelled.').count()).toBe(0);
    // Three sessions leave the published evidence: the model's domain warning stands at the top.
    await page.getByRole('combobox', { name: 'Sessions in the series' }).click();
    await page.getByRole('option', { name: '3 sessions' }).click();
    await expect
      .poll(() => page.getByTestId('domain-warnings').textContent(), { timeout: 60_000 })
      .toMatch(/domain\.multiple-sessions: 3 sessions: no published result goes beyond 2 sessions/);
    await context.close();
  });
});
