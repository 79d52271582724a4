/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { AdverseEventSummary } from '@microcore/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEMO_ADMIN,
  DEMO_CLINICIAN,
  DEMO_PASSWORD,
  DEMO_RESEARCHER,
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  screenshot,
  seriousViolations,
  signInByApi,
  startSite,
} from './harness.js';
import { fitsTheWidth, signInThroughForm } from './screens.js';

/**
 * The Evidence screen against the real server and the demo clinic's synthetic cohort: the admin's
 * clinic charts with the patient count and a CSV that matches the API; the demo researcher lands
 * on the pooled, de-identified evidence under the demo banner and never sees a name or a birth
 * date; a clinician is not allowed; the sample-size calculator shows the API's 422 beside its
 * field.
 */
const SYNTHETIC = 24;

/** RFC 4180 rows (the screen's CSV: quoted fields may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = [];
      const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
      for (const match of line.matchAll(pattern)) {
        const cell = match[1] ?? '';
        cells.push(cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell);
        if (match[2] === '') break;
      }
      return cells;
    });
}

describeInBrowser('the Evidence screen', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: SYNTHETIC }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('shows an admin their clinic’s charts with the patient count, a CSV equal to the API, and the calculator’s 422 beside its field', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context, DEMO_ADMIN, DEMO_PASSWORD);
    await page.goto('/evidence');
    await page.getByRole('heading', { name: 'Evidence', level: 2 }).waitFor();
    await page.locator('svg[data-chart="durability"]').waitFor();
    expect(await page.getByTestId('evidence-patients').textContent()).toMatch(
      new RegExp(`^${SYNTHETIC} patients of this clinic`),
    );
    expect(await page.getByTestId('evidence-basis').textContent()).toMatch(/not model estimates/);
    expect(await page.getByTestId('demo-banner').textContent()).toContain(
      `${SYNTHETIC} of these ${SYNTHETIC} patients are synthetic`,
    );
    for (const id of [
      'outcome-by-fitzpatrick',
      'outcome-by-sessions',
      'adverse-events',
      'adverse-event-durations',
      'durability',
    ])
      expect(await page.locator(`svg[data-chart="${id}"]`).count(), id).toBe(1);
    // Six Fitzpatrick groups, each with its n written on the chart.
    expect(
      await page.locator('svg[data-chart="outcome-by-fitzpatrick"] [data-group]').count(),
    ).toBe(6);
    expect(await page.getByRole('link', { name: 'Evidence' }).count()).toBe(1);
    // The calibration in the same scope: the demo's plans carry the prediction made when each
    // was saved, so its follow-ups are points beside their predicted intervals.
    const calibration = (await (
      await context.request.get('/api/evidence/calibration?scope=clinic')
    ).json()) as { count: number; insideCount: number };
    expect(calibration.count).toBeGreaterThan(0);
    await page
      .getByRole('img', {
        name: `Scatter of observed against predicted Lemperle improvement, ${calibration.count} follow-ups; the table below lists them`,
      })
      .waitFor();
    expect(await page.getByTestId('calibration-share').textContent()).toMatch(
      new RegExp(
        `^${calibration.insideCount} of ${calibration.count} observations inside their predicted interval`,
      ),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'evidence-desktop');

    // The adverse events' CSV holds the API's numbers at full precision.
    const api = (await (
      await context.request.get('/api/evidence/summary?stratify=none')
    ).json()) as { strata: { adverseEvents: AdverseEventSummary[] }[] };
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Download CSV: Adverse events: patients/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^evidence-clinic-with-synthetic-adverse-events-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
    expect(rows[0]?.slice(0, 4)).toEqual([
      'event type',
      'patients with event',
      'patients treated',
      'share of patients',
    ]);
    const events = api.strata[0]?.adverseEvents ?? [];
    expect(rows).toHaveLength(events.length + 1);
    events.forEach((e, i) => {
      const row = rows[i + 1] ?? [];
      expect(row.slice(1, 6).map(Number)).toEqual([
        e.patients.count,
        e.patients.n,
        e.patients.rate,
        e.patients.ci95?.low,
        e.patients.ci95?.high,
      ]);
      expect(row.slice(6).map(Number)).toEqual([e.events, e.resolvedEvents, e.unresolvedEvents]);
    });

    // The sample-size calculator: a bound outside the API's range is refused beside its field.
    const bound = page.getByLabel('Upper bound to show');
    await bound.fill('0.9');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not calculated' }).waitFor();
    expect(await bound.getAttribute('aria-invalid')).toBe('true');
    // Mantine's error element, named in the field's aria-describedby (read out with the field).
    expect(await bound.getAttribute('aria-describedby')).toContain(
      'sample-size-maxUpperBound-error',
    );
    expect(await page.locator('#sample-size-maxUpperBound-error').textContent()).toMatch(
      /^Must be between 0\.001 and 0\.5 \(/,
    );
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('sample-size-maxUpperBound');
    await bound.fill('0.1');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.getByRole('status').filter({ hasText: 'patients' }).first().waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Clopper–Pearson' }).count()).toBe(1);

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await fitsTheWidth(page)).toBe(true);
    await screenshot(page, 'evidence-tablet');
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('starts the demo researcher on the pooled, de-identified evidence, under the demo banner, with no name or birth date', async () => {
    // The demo patients' names and birth dates, as an admin sees them, to look for.
    const admin = await newPage(browser, site);
    await signInByApi(admin.context, DEMO_ADMIN, DEMO_PASSWORD);
    const patients = (await (
      await admin.context.request.get('/api/patients?pageSize=100')
    ).json()) as { items: { familyName: string; birthDate: string }[] };
    await admin.context.close();
    expect(patients.items).toHaveLength(SYNTHETIC);

    const { context, page, complaints } = await newPage(browser, site);
    await page.goto('/sign-in');
    await signInThroughForm(page, DEMO_RESEARCHER, DEMO_PASSWORD);
    await page.waitForURL('**/evidence');
    await page.locator('svg[data-chart="durability"]').waitFor();
    const counted = await page.getByTestId('evidence-patients').textContent();
    const pooled = Number(/^(\d+) patients in the pool/.exec(counted ?? '')?.[1]);
    expect(pooled).toBeGreaterThan(0);
    expect(await page.getByTestId('demo-banner').textContent()).toContain(
      `${pooled} of these ${pooled} patients are synthetic`,
    );
    expect(await page.getByRole('switch', { name: /synthetic patients/ }).isChecked()).toBe(true);
    // No Patients in the navigation: a researcher cannot list them.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Evidence']);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toMatch(/Synthetic Patient|Patient \d{3}/);
    for (const p of patients.items) {
      const [y, m, d] = p.birthDate.split('-');
      expect(text).not.toContain(p.birthDate);
      expect(text).not.toContain(
        `${Number(d)} ${new Date(Date.UTC(Number(y), Number(m) - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${y}`,
      );
    }
    expect(await seriousViolations(page)).toEqual([]);

    // Without the demo cohort, the real pool (empty here) and no banner.
    await page.getByRole('switch', { name: /synthetic patients/ }).click();
    await expect
      .poll(() => page.getByTestId('evidence-patients').textContent())
      .toMatch(/^0 patients in the pool/);
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('tells a clinician the evidence is not theirs, and shows them no link to it', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context, DEMO_CLINICIAN, DEMO_PASSWORD);
    await page.goto('/evidence');
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await page.getByRole('link', { name: 'Evidence' }).count()).toBe(0);
    expect(await page.locator('svg[data-chart]').count()).toBe(0);
    expect(complaints).toEqual([]);
    await context.close();
  });
});
