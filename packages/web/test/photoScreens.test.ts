/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applySimilarity, type Pupils } from '../src/photos/eyeAlignment.js';
import {
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
import { OTHER_CLINICIAN, OTHER_PASSWORD, seedOtherClinic } from './otherClinic.js';
import { ADA, contextAs, facePng, fitsTheWidth, registerByApi } from './screens.js';

/**
 * The photo screens against the real server, in one patient's story: bad uploads refused beside
 * their fields, a baseline from a file, the live camera (Chromium's fake one) with the baseline
 * as a ghost, a follow-up from a file, pupils marked by clicks on one photo and by arrow keys on
 * the other, then before/after aligned on the eyes, checked by mapping the stored marks through
 * the transforms the page applied. A researcher and another clinic see none of it.
 */

// The baseline, and a follow-up taken nearer (larger), with the head tilted.
const BASELINE_PUPILS: Pupils = { right: { x: 120, y: 110 }, left: { x: 200, y: 110 } };
const FOLLOW_UP_PUPILS: Pupils = { right: { x: 150, y: 160 }, left: { x: 240, y: 130 } };
const BASELINE = facePng(320, 240, BASELINE_PUPILS);
const FOLLOW_UP = facePng(400, 300, FOLLOW_UP_PUPILS);

describeInBrowser('the photo screens', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([
      startSite({ demoPatients: 2, prepare: seedOtherClinic }),
      // Chromium's own test camera, allowed without asking: only this suite's browser.
      launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function signedIn(): Promise<{
    context: BrowserContext;
    page: Page;
    complaints: string[];
  }> {
    const opened = await newPage(browser, site);
    await signInByApi(opened.context);
    return opened;
  }

  const file = (name: string, mimeType: string, buffer: Buffer) => ({ name, mimeType, buffer });
  const choose = (page: Page, chosen: ReturnType<typeof file>) =>
    page.locator('input[type="file"]').setInputFiles(chosen);
  /** A SegmentedControl's choice: its label is what takes the click (the radio is hidden). */
  const segment = async (page: Page, name: string) => {
    await page.locator('label', { hasText: name }).click();
    expect(await page.getByRole('radio', { name }).isChecked()).toBe(true);
  };
  const save = (page: Page) => page.getByRole('button', { name: 'Save photo' }).click();

  /** The CSS matrix an element's style applied, as a map of its own pixels. */
  async function appliedTransform(page: Page, testId: string) {
    const matrix = await page
      .getByTestId(testId)
      .evaluate((element) => new DOMMatrixReadOnly(getComputedStyle(element).transform).toJSON());
    return {
      a: matrix.a as number,
      b: matrix.b as number,
      tx: matrix.e as number,
      ty: matrix.f as number,
    };
  }

  /** Both photos' stored pupils, mapped by what the page drew, land within 1 px of each other. */
  async function expectPupilsCoincide(page: Page, before: Pupils, after: Pupils) {
    const beforeOnScreen = await appliedTransform(page, 'before-image');
    const afterOnScreen = await appliedTransform(page, 'after-image');
    for (const side of ['left', 'right'] as const) {
      const b = applySimilarity(beforeOnScreen, before[side]);
      const a = applySimilarity(afterOnScreen, after[side]);
      expect(Math.hypot(a.x - b.x, a.y - b.y), side).toBeLessThan(1);
    }
  }

  it('uploads, marks the pupils and shows before/after aligned on the eyes', async () => {
    const { context, page, complaints } = await signedIn();
    const patient = await registerByApi(context.request, { ...ADA, familyName: 'Photo' });
    const consent = await context.request.post(`/api/patients/${patient}/consents`, {
      data: { scope: 'photography', date: '2025-01-10' },
    });
    expect(consent.status(), await consent.text()).toBe(201);
    const storedPhotos = async () =>
      (
        (await (await context.request.get(`/api/patients/${patient}/photos`)).json()) as {
          items: { id: string; takenDate: string }[];
        }
      ).items;

    await page.goto(`/patients/${patient}/photos`);
    await page.getByRole('heading', { name: 'Photos of Ada Photo' }).waitFor();

    // No view chosen: the server names the field, nothing is stored.
    await choose(page, file('baseline.png', 'image/png', BASELINE));
    await save(page);
    await page.getByText('Choose the view.').waitFor();
    expect(await page.getByLabel('View').getAttribute('aria-invalid')).toBe('true');
    // A file that is not a photo, whatever its name says: refused beside the photo field.
    await page.getByLabel('View').selectOption('front');
    await choose(page, file('notes.png', 'image/png', Buffer.from('not a picture at all')));
    await save(page);
    await page.getByText('Not a JPEG or PNG image.').waitFor();
    await choose(page, file('notes.txt', 'text/plain', Buffer.from('plain text')));
    await save(page);
    await page.getByText('Choose a JPEG or PNG photo: this file is text/plain.').waitFor();
    expect(await storedPhotos()).toEqual([]);

    // The baseline, from a file.
    await page.getByLabel('Day taken').fill('2025-03-03');
    await choose(page, file('baseline.png', 'image/png', BASELINE));
    await save(page);
    await page.getByText('Photo saved').waitFor();
    await expect.poll(async () => (await storedPhotos()).length).toBe(1);

    // The live camera, with the baseline of the chosen view as a translucent ghost.
    await page.getByLabel('View').selectOption('front');
    await page.getByRole('button', { name: 'Use the camera' }).click();
    const ghost = page.getByTestId('camera-ghost');
    await ghost.waitFor();
    await expect
      .poll(() => ghost.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(320);
    expect(await ghost.evaluate((img) => getComputedStyle(img).opacity)).toBe('0.4');
    await expect
      .poll(() => page.locator('video').evaluate((video: HTMLVideoElement) => video.videoWidth))
      .toBeGreaterThan(0);
    expect(await page.getByText(/Ghost: the baseline front photo of 3 Mar 2025/).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Take photo' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'photos-desktop');
    // A frame taken becomes the form's photo (not stored until saved).
    await page.getByRole('button', { name: 'Take photo' }).click();
    await page.getByRole('img', { name: 'To be saved (preview)' }).waitFor();
    expect(await page.locator('video').count()).toBe(0);

    // The follow-up, three months on, from a file, the same view.
    await page.getByLabel('Day taken').fill('2025-06-02');
    await choose(page, file('follow-up.png', 'image/png', FOLLOW_UP));
    await save(page);
    await page.getByText('Photo saved').waitFor();
    await expect.poll(async () => (await storedPhotos()).length).toBe(2);
    const [baseline, followUp] = await storedPhotos();
    expect([baseline.takenDate, followUp.takenDate]).toEqual(['2025-03-03', '2025-06-02']);

    // Baseline pupils: clicked on the photo.
    await page.getByRole('link', { name: 'Mark the pupils on the photo of 3 Mar 2025' }).click();
    const stage = page.getByTestId('pupil-stage');
    await stage.waitFor();
    const scale = Number(await stage.getAttribute('data-scale'));
    for (const side of ['right', 'left'] as const)
      await stage.click({
        position: { x: BASELINE_PUPILS[side].x * scale, y: BASELINE_PUPILS[side].y * scale },
      });
    await page.getByText(/Patient's left pupil: x 20\d/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'photo-pupils-desktop');
    await page.getByRole('button', { name: 'Save the marks' }).click();
    await page.getByText('Pupils marked').waitFor();

    // Follow-up pupils: with the keyboard only, from the photo's centre (200, 150).
    await page.getByRole('link', { name: 'All photos of the patient' }).click();
    await page.getByRole('link', { name: 'Mark the pupils on the photo of 2 Jun 2025' }).click();
    await page.getByTestId('pupil-stage').focus();
    const press = async (key: string, times: number) => {
      for (let i = 0; i < times; i++) await page.keyboard.press(key);
    };
    await press('ArrowRight', 1); // places the right pupil's marker at the centre
    await press('Shift+ArrowLeft', 5);
    await press('Shift+ArrowDown', 1); // (150, 160)
    await segment(page, "Patient's left pupil");
    await page.getByTestId('pupil-stage').focus();
    await press('ArrowUp', 1); // places the left pupil's marker at the centre
    await press('Shift+ArrowRight', 4);
    await press('Shift+ArrowUp', 2); // (240, 130)
    await page.getByRole('button', { name: 'Save the marks' }).click();
    await page.getByText('Pupils marked').waitFor();

    const marks = new Map(
      (
        (await (await context.request.get(`/api/patients/${patient}/pupil-marks`)).json()) as {
          items: (Pupils & { photoId: string })[];
        }
      ).items.map((m) => [m.photoId, m]),
    );
    expect(marks.get(followUp.id)).toMatchObject(FOLLOW_UP_PUPILS);
    const beforeMarks = marks.get(baseline.id) as Pupils;
    const afterMarks = marks.get(followUp.id) as Pupils;
    for (const side of ['left', 'right'] as const) {
      expect(Math.abs(beforeMarks[side].x - BASELINE_PUPILS[side].x)).toBeLessThan(1);
      expect(Math.abs(beforeMarks[side].y - BASELINE_PUPILS[side].y)).toBeLessThan(1);
    }

    // Before/after: the after photo's pupils drawn on the before photo's.
    await page.getByRole('link', { name: 'All photos of the patient' }).click();
    await page.getByRole('link', { name: 'Before and after: front' }).click();
    await page.getByTestId('alignment-note').waitFor();
    expect(await page.getByTestId('alignment-note').textContent()).toMatch(
      /because differing scale and angle make before\/after photos mislead/,
    );
    await page.getByTestId('side-by-side').waitFor();
    await expectPupilsCoincide(page, beforeMarks, afterMarks);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'photo-compare-desktop');

    // The sliding divider, moved with the keyboard; the alignment holds.
    await segment(page, 'Sliding divider');
    await page.getByTestId('slider-frame').waitFor();
    await expectPupilsCoincide(page, beforeMarks, afterMarks);
    await page.getByRole('slider').focus();
    await press('ArrowRight', 10);
    expect(await page.getByRole('slider').getAttribute('aria-valuenow')).toBe('60');
    expect(
      await page
        .getByTestId('after-image')
        .evaluate((img) => getComputedStyle(img.parentElement as Element).clipPath),
    ).toBe('inset(0px 0px 0px 60%)');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'photo-divider-desktop');

    // A 1024×768 tablet: each screen fits the width.
    await page.setViewportSize({ width: 1024, height: 768 });
    await segment(page, 'Side by side');
    await expectPupilsCoincide(page, beforeMarks, afterMarks);
    expect(await fitsTheWidth(page)).toBe(true);
    await screenshot(page, 'photo-compare-tablet');
    await page.getByRole('link', { name: 'All photos of the patient' }).click();
    await page.getByRole('heading', { name: 'Photos of Ada Photo' }).waitFor();
    expect(await fitsTheWidth(page)).toBe(true);
    await screenshot(page, 'photos-tablet');
    await page.getByRole('link', { name: /^View the marks on the photo of 3 Mar 2025/ }).click();
    await page.getByText('Pupils marked').waitFor();
    expect(await fitsTheWidth(page)).toBe(true);
    await screenshot(page, 'photo-pupils-tablet');
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('shows no photo to a researcher, and another clinic’s patient as not found', async () => {
    const clinicianOnly = await contextAs(browser, site, DEMO_CLINICIAN, DEMO_PASSWORD);
    const patient = await registerByApi(clinicianOnly.request, { ...ADA, familyName: 'Private' });
    await clinicianOnly.close();
    const { context, page, complaints } = await newPage(browser, site);
    // The demo clinic's own researcher (seed.ts).
    await signInByApi(context, DEMO_RESEARCHER, DEMO_PASSWORD);
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/') && /photos|pupil-marks/.test(request.url()))
        asked.push(request.url());
    });
    await page.goto(`/patients/${patient}/photos/compare?view=front`);
    await page.getByText('Photos are not shown to researchers').waitFor();
    expect(await page.locator('img').count()).toBe(0);
    expect(asked).toEqual([]);
    expect(complaints).toEqual([]);
    await context.close();

    const other = await contextAs(browser, site, OTHER_CLINICIAN, OTHER_PASSWORD);
    const theirs = await registerByApi(other.request, { ...ADA, givenName: 'Grace' });
    await other.close();
    const clinician = await signedIn();
    await clinician.page.goto(`/patients/${theirs}/photos`);
    await clinician.page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await clinician.page.getByText('Grace').count()).toBe(0);
    await clinician.context.close();
  });
});
