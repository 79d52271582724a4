/// <reference lib="dom" />
import {
  DEFAULT_TEMPLATE,
  geometry,
  type Plan,
  planTreatment,
  type RingMm,
  scaleTemplate,
} from '@microcore/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOOK_STEP, ZOOM_STEP } from '../src/planner/canvasKeys.js';
import { faceFeatures } from '../src/planner/faceLandmarks.js';
import { coresHash } from '../src/planner/packedPlan.js';
import { requestToPlanInput } from '../src/planner/planSettings.js';
import { boundsOfRings, fitView, mmToPx } from '../src/planner/viewTransform.js';
import {
  DEMO_CLINICIAN,
  DEMO_PASSWORD,
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  screenshot,
  seriousViolations,
  signInByApi,
  startSite,
} from './harness.js';
import { pdfText } from './pdfText.js';
import { fitsTheWidth, signInThroughForm } from './screens.js';

/**
 * The planner and its print sheet in Chromium, against the real server with the demo clinic:
 * the cores drawn are the plan's, an exclusion keeps its cores away, a saved plan reopens with
 * the same cores, the keyboard alone can plan, axe finds nothing serious, and the printed PDF
 * names the patient and the core count.
 */

/** The default plan (indicated zones, 22G, 6 %, seed 1): docs/anatomy.md's 10,753 cores. */
const DEFAULT_CORES = 10_753;
const INDICATED = DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id);

describeInBrowser('the planner in the browser', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 4 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function signedInPage() {
    const opened = await newPage(browser, site);
    await signInByApi(opened.context);
    return { ...opened, patientId: await patientOf(opened.context) };
  }

  it("draws as many cores as the plan's total, after a zone is switched off and a slider moved", async () => {
    const { context, page, complaints, patientId } = await signedInPage();
    await page.goto(`/patients/${patientId}/planner`);
    expect(await settled(page)).toBe(DEFAULT_CORES);
    await expect.poll(() => page.getByTestId('total-cores').textContent()).toBe('10,753');

    await page.getByRole('checkbox', { name: 'Submental (under the chin)' }).uncheck();
    const zones = INDICATED.filter((id) => id !== 'submental');
    const withoutSubmental = expectedCores({ zones, coverage: 6, seed: 1 });
    expect(await settled(page, DEFAULT_CORES)).toBe(withoutSubmental);

    const slider = page.getByRole('slider', { name: 'Coverage, Cheek, left (%)' });
    await slider.focus();
    for (let k = 0; k < 10; k++) await slider.press('ArrowLeft');
    const moved = expectedCores({ zones, coverage: 6, zoneCoverage: { 'cheek-left': 5 }, seed: 1 });
    expect(await settled(page, withoutSubmental)).toBe(moved);
    await screenshot(page, 'planner');

    // At 8 % the cheek's densest square centimetre may lose more than 8 %: refused, with where.
    await slider.press('End');
    const refusal = page.locator('[data-refusal-code="coverage.window-above-ceiling"]');
    await expect.poll(() => refusal.textContent()).toMatch(/10 × 10 mm square from \(/);
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('opened signed out, sends you to sign in with nothing of the planner shown; signed in, draws the plan', async () => {
    const someone = await signedInPage();
    const path = `/patients/${someone.patientId}/planner`;
    await someone.context.close();
    const { context, page, complaints } = await newPage(browser, site);
    // A cold load asks for the planner's code, worker and patient beside the session check:
    // whatever was ever on the page is recorded.
    await page.addInitScript(() => {
      const seen = new Set<string>();
      Object.assign(window, { seen });
      new MutationObserver(() => {
        if (document.querySelector('canvas')) seen.add('a canvas');
        for (const alert of Array.from(document.querySelectorAll('[role="alert"]')))
          seen.add(`an alert: ${alert.textContent}`);
        if (document.body?.textContent?.includes('New plan')) seen.add("the planner's title");
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(path);
    await expect
      .poll(() => page.url())
      .toBe(`${site.url}/sign-in?next=${encodeURIComponent(path)}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const seen = () => page.evaluate(() => [...(window as unknown as { seen: Set<string> }).seen]);
    expect(await seen()).toEqual([]);

    await signInThroughForm(page, DEMO_CLINICIAN, DEMO_PASSWORD);
    expect(await settled(page)).toBe(DEFAULT_CORES);
    expect(new URL(page.url()).pathname).toBe(path);
    // The plan's own warnings (PlanMessages) are alerts; no error is.
    const alerts = (await seen()).filter((what) => what.startsWith('an alert'));
    expect(alerts.join('\n')).not.toMatch(/could not open|Not found|401|unauthenticated/i);
    expect(complaints).toEqual([]);
    await context.close();
  });

  it("reloaded, an unsaved plan comes back from the tab's draft with its own cores", async () => {
    const { context, page, complaints, patientId } = await signedInPage();
    await page.goto(`/patients/${patientId}/planner`);
    await settled(page);
    const submental = page.getByRole('checkbox', { name: 'Submental (under the chin)' });
    await submental.uncheck();
    const total = await settled(page, DEFAULT_CORES);
    const hash = await page.locator('canvas').getAttribute('data-cores-hash');

    await page.reload();
    expect(await settled(page)).toBe(total);
    expect(await page.locator('canvas').getAttribute('data-cores-hash')).toBe(hash);
    expect(await submental.isChecked()).toBe(false);
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('keeps every core off an exclusion drawn with the pointer; saved and reloaded, the same plan', async () => {
    const { context, page, complaints, patientId } = await signedInPage();
    await page.goto(`/patients/${patientId}/planner`);
    await settled(page);

    // A mole of 5 mm radius drawn from its centre, (75, 70) mm on the left cheek.
    await page.getByRole('button', { name: 'Draw on the face' }).click();
    const toPage = await chartToPage(page);
    const [cx, cy] = toPage(75, 70);
    const [ex, ey] = toPage(80, 70);
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(ex, ey, { steps: 6 });
    await page.mouse.up();
    await page.getByRole('button', { name: 'Mole 1', exact: true }).waitFor();
    const total = await settled(page, DEFAULT_CORES);
    expect(total).toBeLessThan(DEFAULT_CORES);
    const hash = await page.locator('canvas').getAttribute('data-cores-hash');

    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    await page.locator('[data-verified="true"]').waitFor();
    const planId = page.url().split('/').at(-1) as string;

    // The server planned the same body again and stored the very cores the browser drew.
    const stored = (await (
      await context.request.get(`/api/patients/${patientId}/plans/${planId}`)
    ).json()) as { input: { exclusions: { kind: string; polygon: RingMm }[] }; plan: Plan };
    expect(coresHash(stored.plan)).toBe(hash);
    expect(stored.plan.totals.cores).toBe(total);
    const [mole] = stored.input.exclusions;
    expect(mole?.kind).toBe('mole');
    const ring = mole?.polygon as RingMm;
    expect(geometry.distanceToBoundaryMm(ring, 75, 70)).toBeGreaterThan(4.5);
    expect(geometry.distanceToBoundaryMm(ring, 75, 70)).toBeLessThan(5.5);
    const radiusMm = stored.plan.needle.coreDiameterMm / 2;
    let checked = 0;
    for (const zone of stored.plan.zones) {
      for (const [x, y] of zone.cores) {
        expect(geometry.containsPoint(ring, x, y)).toBe(false);
        expect(geometry.distanceToBoundaryMm(ring, x, y)).toBeGreaterThanOrEqual(radiusMm);
        checked++;
      }
    }
    expect(checked).toBe(total);

    await page.reload();
    await page.locator('[data-verified="true"]').waitFor();
    expect(await settled(page)).toBe(total);
    expect(await page.locator('canvas').getAttribute('data-cores-hash')).toBe(hash);
    expect(await page.locator('[data-plan-seed]').getAttribute('data-plan-seed')).toBe('1');
    await page.getByRole('button', { name: 'Mole 1', exact: true }).waitFor();
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('is driven by the keyboard alone: a zone, a slider, zoom and pan, an exclusion, saving', async () => {
    const { context, page, complaints, patientId } = await signedInPage();
    await page.goto(`/patients/${patientId}/planner`);
    await settled(page);

    await tabTo(page, 'Submental (under the chin)');
    await page.keyboard.press('Space');
    const afterToggle = await settled(page, DEFAULT_CORES);

    await tabTo(page, 'Coverage, Cheek, left (%)');
    for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowLeft');
    const afterSlider = await settled(page, afterToggle);
    expect(afterSlider).toBeLessThan(afterToggle);

    await tabTo(page, 'Plan drawing', true);
    // The focus ring is there to see.
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    // Zoomed in, only the cores in sight are drawn; 0 fits the face again.
    await expect.poll(() => coresDrawn(page)).toBeLessThan(afterSlider);
    await page.keyboard.press('0');
    await expect.poll(() => coresDrawn(page)).toBe(afterSlider);
    // Zoom in and look right, to the patient's left cheek (about 70 mm right of the midline),
    // and add a mole at the centre of the view: the cheek loses its cores there.
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    const presses = await arrowPressesTo(page, 70);
    for (let k = 0; k < presses; k++) await page.keyboard.press('ArrowRight');
    await tabTo(page, 'Add at the centre', false, 'backward');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Mole 1', exact: true }).waitFor();
    expect(await settled(page, afterSlider, false)).toBeLessThan(afterSlider);

    await tabTo(page, 'Save plan');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    await page.locator('[data-verified="true"]').waitFor();
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility violation, on the planner and on the sheet (axe-core)', async () => {
    const { context, page, patientId } = await signedInPage();
    await page.goto(`/patients/${patientId}/planner`);
    await settled(page);
    expect(await seriousViolations(page)).toEqual([]);
    const planId = await savedPlan(context, patientId);
    await page.goto(`/patients/${patientId}/plans/${planId}`);
    await page.locator('[data-verified="true"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`/patients/${patientId}/plans/${planId}/print`);
    await page.locator('article[data-total-cores]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('fits a 1024×768 tablet: no sideways scroll, the whole plan drawn, every control reachable', async () => {
    const opened = await newPage(browser, site, { viewport: { width: 1024, height: 768 } });
    await signInByApi(opened.context);
    const { context, page, complaints } = opened;
    const patientId = await patientOf(context);
    await page.goto(`/patients/${patientId}/planner`);
    expect(await settled(page)).toBe(DEFAULT_CORES);
    expect(await fitsTheWidth(page)).toBe(true);
    const canvas = await page.locator('canvas[data-cores-drawn]').boundingBox();
    expect(canvas?.width).toBeGreaterThan(300);
    expect((canvas?.x ?? 0) + (canvas?.width ?? 0)).toBeLessThanOrEqual(1024);
    // Every control is on the page's width: scrolled to, it is within the viewport.
    for (const control of [
      page.getByRole('checkbox', { name: 'Submental (under the chin)' }),
      page.getByRole('slider', { name: /submental/i }).first(),
      page.getByRole('button', { name: 'Save plan' }),
    ]) {
      await control.scrollIntoViewIfNeeded();
      const box = await control.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 1024).toBe(true);
    }
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('prints one A4 page that names the patient and holds the core count', async () => {
    const { context, page, complaints, patientId } = await signedInPage();
    const planId = await savedPlan(context, patientId);
    await page.goto(`/patients/${patientId}/plans/${planId}/print`);
    const sheet = page.locator('article[data-total-cores]');
    await sheet.waitFor();
    expect(await sheet.getAttribute('data-total-cores')).toBe(String(DEFAULT_CORES));
    await screenshot(page, 'plan-sheet');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g)).toHaveLength(1);
    // Text runs joined: the sheet's lines as a reader sees them.
    const text = pdfText(pdf).replace(/\s*\n\s*/g, ' ');
    expect(text).toContain(patientId);
    expect(text).toContain('10,753 cores');
    // Who made the plan (the demo clinician saved it), and a line for the clinician's signature.
    expect(text).toMatch(new RegExp(`Planned by ${DEMO_CLINICIAN.replace(/\./g, '\\.')}`));
    expect(text).toContain('Clinician (name, signature)');
    expect(complaints).toEqual([]);
    await context.close();
  });
});

/** The first demo patient's id. */
async function patientOf(context: BrowserContext): Promise<string> {
  const response = await context.request.get('/api/patients');
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: { id: string }[] };
  const first = items[0];
  if (!first) throw new Error('the demo clinic has no patient');
  return first.id;
}

/** A plan saved through the API with the planner's default body. */
async function savedPlan(context: BrowserContext, patientId: string): Promise<string> {
  const response = await context.request.post(`/api/patients/${patientId}/plans`, {
    data: {
      zones: INDICATED,
      needle: '22G',
      coverage: 6,
      pattern: 'blue-noise',
      seed: 1,
      mode: 'clinical',
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

function expectedCores(body: Parameters<typeof requestToPlanInput>[0]): number {
  return planTreatment(requestToPlanInput(body)).totals.cores;
}

async function coresDrawn(page: Page): Promise<number> {
  return Number(await page.locator('canvas').getAttribute('data-cores-drawn'));
}

async function shownTotal(page: Page): Promise<number> {
  return Number(
    await page.getByRole('table', { name: 'Plan figures' }).getAttribute('data-total-cores'),
  );
}

/**
 * Wait until the planner is done (no plan being made, a total other than `before` shown) and,
 * while the view shows the whole face, the canvas has drawn exactly that many cores; returns the
 * total.
 */
async function settled(page: Page, before?: number, wholeFace = true): Promise<number> {
  await page.getByRole('table', { name: 'Plan figures' }).waitFor();
  await expect
    .poll(async () => {
      if ((await page.getByLabel('Planning').count()) > 0) return false;
      const total = await shownTotal(page);
      return total !== before && (!wholeFace || (await coresDrawn(page)) === total);
    })
    .toBe(true);
  return shownTotal(page);
}

/** The fitted view of the planner's canvas and the canvas's box on the page. */
async function fittedView(page: Page) {
  const box = await page.locator('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const face = faceFeatures();
  const zones = scaleTemplate(DEFAULT_TEMPLATE, { x: 1, y: 1 }).zones;
  const bounds = boundsOfRings([...face.map((f) => f.pointsMm), ...zones.map((z) => z.polygon)]);
  return { box, view: fitView(bounds, { widthPx: box.width, heightPx: box.height }, 12) };
}

/**
 * How many ArrowRight presses, after two zooms in (+ +), bring the centre of the view about
 * `xMm` right of the midline (the keys' steps: canvasKeys.ts).
 */
async function arrowPressesTo(page: Page, xMm: number): Promise<number> {
  const { box, view } = await fittedView(page);
  const stepMm = (LOOK_STEP * Math.min(box.width, box.height)) / (view.pxPerMm * ZOOM_STEP ** 2);
  return Math.round(xMm / stepMm);
}

/** Chart mm → page px on the planner's canvas, at the view it opens with (fitted). */
async function chartToPage(page: Page): Promise<(xMm: number, yMm: number) => [number, number]> {
  const { box, view } = await fittedView(page);
  return (xMm, yMm) => {
    const [x, y] = mmToPx(view, xMm, yMm);
    return [box.x + x, box.y + y];
  };
}

/**
 * Press Tab (Shift+Tab going backward) until the focused element's name (or its start, with
 * `prefix`) is `name`.
 */
async function tabTo(
  page: Page,
  name: string,
  prefix = false,
  direction: 'forward' | 'backward' = 'forward',
): Promise<void> {
  for (let presses = 0; presses < 120; presses++) {
    await page.keyboard.press(direction === 'forward' ? 'Tab' : 'Shift+Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return '';
      const labelled = element.getAttribute('aria-label');
      if (labelled) return labelled;
      const input = element as HTMLInputElement;
      if (input.labels?.[0]) return input.labels[0].textContent?.trim() ?? '';
      return element.textContent?.trim() ?? '';
    });
    if (prefix ? focused.startsWith(name) : focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}
