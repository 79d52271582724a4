/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { CANDIDACY_RULES } from '@microcore/core';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEMO_ADMIN,
  DEMO_PASSWORD,
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  seriousViolations,
  signInByApi,
  startSite,
} from './harness.js';
import { shiftDays as day, facePng, registerByApi } from './screens.js';

/**
 * One patient carried through the whole treatment in the browser, as a clinic would, with no
 * other tool: screening → a baseline Lemperle assessment → a plan drawn and saved (its prediction
 * stored with it) → a series booked (.ics) → consents → a baseline photo → the session → an
 * adverse event, resolved → the follow-up 90 days after the session with its photo → before and
 * after aligned on the eyes → predicted beside observed → the clinic's evidence counting the
 * patient → the patient's FHIR bundle. The API is read only to check what the screens saved.
 *
 * The server's clock is real, so the story is dated backwards from the clinic's today: the
 * session 90 days ago, what came before it a day earlier.
 */

interface Items<T> {
  items: T[];
}

/** A stored prediction's timepoint: Lemperle improvement, its mean and 90 % interval. */
interface Predicted {
  daysAfterLastSession: number;
  mean: number;
  low: number;
  high: number;
}

/** The pupils of the baseline photo; the follow-up's are 30 px lower right (a shifted pose). */
const PUPILS = { right: { x: 120, y: 110 }, left: { x: 200, y: 110 } };
const moved = (shiftPx: number) => ({
  right: { x: PUPILS.right.x + shiftPx, y: PUPILS.right.y + shiftPx },
  left: { x: PUPILS.left.x + shiftPx, y: PUPILS.left.y + shiftPx },
});

describeInBrowser('the whole journey of one patient, in the browser', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 2 }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('screening → plan → series → consent → photos → session → adverse event → 90-day follow-up → before/after → predicted beside observed → evidence → FHIR', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await signInByApi(context);
    const get = async <T>(path: string, as: BrowserContext = context) =>
      (await (await as.request.get(path)).json()) as T;
    const today = (await get<{ today: string }>('/api/clinic')).today;
    const sessionDay = day(today, -90);
    const before = day(sessionDay, -1);
    // Mild laxity: one session (the clinic's default), so the series is complete after it.
    const patientId = await registerByApi(context.request, {
      givenName: 'Mary',
      familyName: 'Somerville',
      birthDate: '1968-12-26',
      sex: 'female',
      fitzpatrickType: 2,
      laxityGrade: 1.5,
    });
    const base = `/api/patients/${patientId}`;
    const backToPatient = () =>
      page.getByRole('link', { name: 'Back to Mary Somerville' }).first().click();

    // 1. Screening: every question answered; suitable, with its reasons.
    await page.goto(`/patients/${patientId}`);
    await page.getByRole('link', { name: 'Screening' }).click();
    await page.getByRole('heading', { name: 'Screening: Mary Somerville' }).waitFor();
    await page.getByLabel('Screening day').fill(before);
    for (const q of CANDIDACY_RULES.checklist)
      await page
        .getByRole('radiogroup', { name: q.question })
        .getByLabel('No', { exact: true })
        .check();
    await page.getByRole('button', { name: 'Screen' }).click();
    const decision = page.getByRole('region', { name: 'Decision' });
    await decision.waitFor();
    const screenings = await get<Items<{ decision: string }>>(`${base}/screenings`);
    expect(screenings.items).toHaveLength(1);
    expect(screenings.items[0]?.decision).not.toBe('refer');

    // 2. The baseline Lemperle grades, the day before the session (every zone graded 3).
    await backToPatient();
    await page.getByRole('link', { name: 'Follow-ups' }).click();
    const record = page.getByRole('region', { name: 'Record a follow-up' });
    const lemperle = record.getByRole('group', { name: /^Lemperle wrinkle grade by zone/ });
    const gradeEveryZone = async (grade: string) => {
      const selects = lemperle.locator('select');
      for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption(grade);
    };
    await record.getByLabel('Follow-up day').fill(before);
    await gradeEveryZone('3');
    await record.getByRole('button', { name: 'Record the follow-up' }).click();
    await record
      .getByRole('status')
      .getByText(/recorded\.$/)
      .waitFor();

    // 3. The plan, drawn by the planner and saved; the server stores its prediction with it.
    await page.goto(`/patients/${patientId}/planner`);
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    const planId = page.url().split('/').at(-1) as string;
    const plan = await get<{ prediction: { timepoints: Predicted[] } | null }>(
      `${base}/plans/${planId}`,
    );
    expect(plan.prediction).not.toBeNull();

    // 4. The series on that plan: one session, on the session day; its calendar file.
    await page.goto(`/patients/${patientId}/series`);
    await page.getByRole('heading', { name: 'Book a series' }).waitFor();
    expect(await page.getByLabel('Sessions').inputValue()).toBe('1');
    await page.getByLabel('First session').fill(sessionDay);
    await page.getByRole('button', { name: 'Book the series' }).click();
    await page.getByRole('group', { name: 'Calendar of the series' }).waitFor();
    const [ics] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download calendar (.ics)' }).click(),
    ]);
    expect(readFileSync((await ics.path()) as string, 'utf8')).toContain(
      `DTSTART;VALUE=DATE:${sessionDay.replaceAll('-', '')}`,
    );

    // 5. Consents: treatment and photography, given the day before.
    await backToPatient();
    await page.getByRole('link', { name: 'Consents' }).click();
    const consentForm = page.getByRole('form', { name: 'Record a consent' });
    for (const scope of ['treatment', 'photography']) {
      await consentForm.getByLabel('Scope').selectOption(scope);
      await consentForm.getByLabel('Given on').fill(before);
      await consentForm.getByRole('button', { name: 'Record the consent' }).click();
      await expect
        .poll(async () => (await get<Items<{ scope: string }>>(`${base}/consents`)).items.length)
        .toBe(scope === 'treatment' ? 1 : 2);
    }

    // 6. The baseline photo, front view, and its pupils marked by clicks.
    const upload = async (taken: string, png: Buffer) => {
      await page.getByLabel('View').selectOption('front');
      await page.getByLabel('Day taken').fill(taken);
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'face.png', mimeType: 'image/png', buffer: png });
      await page.getByRole('button', { name: 'Save photo' }).click();
      await page.getByText('Photo saved').waitFor();
    };
    const markPupils = async (taken: string, pupils: ReturnType<typeof moved>) => {
      const inWords = new Date(`${taken}T00:00:00Z`).toLocaleDateString('en-GB', {
        dateStyle: 'medium',
        timeZone: 'UTC',
      });
      await page.getByRole('link', { name: `Mark the pupils on the photo of ${inWords}` }).click();
      const stage = page.getByTestId('pupil-stage');
      await stage.waitFor();
      const scale = Number(await stage.getAttribute('data-scale'));
      for (const side of ['right', 'left'] as const)
        await stage.click({
          position: {
            x: pupils[side].x * scale,
            y: pupils[side].y * scale,
          },
        });
      await page.getByRole('button', { name: 'Save the marks' }).click();
      await page.getByText('Pupils marked').waitFor();
      await page.getByRole('link', { name: 'All photos of the patient' }).click();
    };
    await page.goto(`/patients/${patientId}/photos`);
    await upload(before, facePng(320, 240, moved(0)));
    await markPupils(before, moved(0));

    // 7. The session, recorded from its plan and series.
    await page.goto(`/patients/${patientId}/sessions/new`);
    await page.getByRole('heading', { name: 'The session' }).waitFor();
    await page.getByLabel('Session day').fill(sessionDay);
    await page.getByLabel('Anaesthesia').selectOption('topical');
    await page.getByRole('button', { name: 'Record the session' }).click();
    await page
      .getByRole('status')
      .getByText(/^Session of .+ recorded\.$/)
      .waitFor();
    const sessions = await get<Items<{ date: string; planId: string }>>(`${base}/sessions`);
    expect(sessions.items).toMatchObject([{ date: sessionDay, planId }]);

    // 8. An adverse event two days later, resolved after four more.
    await backToPatient();
    await page.getByRole('link', { name: 'Adverse events' }).click();
    const eventForm = page.getByRole('form', { name: 'Record an adverse event' });
    await eventForm.getByLabel('Type').selectOption('erythema');
    await eventForm.getByLabel('Severity').selectOption('mild');
    await eventForm.getByLabel('Relatedness to the treatment').selectOption('probable');
    await eventForm.getByLabel('Onset date').fill(day(sessionDay, 2));
    await eventForm.getByRole('button', { name: 'Record the event' }).click();
    const card = page.getByRole('article');
    await card.getByText('Ongoing').waitFor();
    await card.getByLabel('Resolution date').fill(day(sessionDay, 6));
    await card.getByRole('button', { name: 'Resolve' }).click();
    await card.getByText('Resolved', { exact: true }).waitFor();

    // 9. The follow-up 90 days after the session (today): every zone a grade better, a photo.
    await backToPatient();
    await page.getByRole('link', { name: 'Follow-ups' }).click();
    await record.getByLabel('Follow-up day').fill(today);
    await record.getByLabel('Session followed up').selectOption({ index: 1 });
    await gradeEveryZone('2');
    await record.getByLabel('GAIS, investigator').selectOption('2');
    await record.getByLabel('GAIS, patient').selectOption('2');
    await record.getByLabel('Satisfaction (1–5)').selectOption('4');
    await record.getByRole('button', { name: 'Record the follow-up' }).click();
    await record
      .getByRole('status')
      .getByText(/recorded\.$/)
      .waitFor();
    await page.goto(`/patients/${patientId}/photos`);
    await upload(today, facePng(400, 300, moved(30)));
    await markPupils(today, moved(30));

    // 10. Before and after, matched by view and aligned on the eyes.
    await page.getByRole('link', { name: 'Before and after: front' }).click();
    await page.getByTestId('side-by-side').waitFor();
    expect(await page.getByTestId('alignment-note').textContent()).toMatch(/aligned/i);
    expect(await seriousViolations(page)).toEqual([]);

    // 11. Predicted beside observed on the patient's page: a grade better, beside the interval.
    await page.goto(`/patients/${patientId}`);
    const compared = page.getByTestId('predicted-observed-table');
    const row90 = compared.getByRole('row', { name: /90 days/ });
    await row90.waitFor();
    expect(await row90.textContent()).toMatch(/\+1 grade \(day 90\)/);
    await page.getByText('Model estimate — not a promise of outcome').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // 12. The clinic's evidence (its admin): the patient counted, its follow-up calibrated among
    // the demo patients' (their plans carry predictions too): a grade better on day 90, beside
    // the prediction stored with its plan.
    const admin = await newPage(browser, site);
    await signInByApi(admin.context, DEMO_ADMIN, DEMO_PASSWORD);
    const calibration = await get<{ count: number; insideCount: number; points: unknown[] }>(
      '/api/evidence/calibration?scope=clinic',
      admin.context,
    );
    const at90 = plan.prediction?.timepoints.find((t) => t.daysAfterLastSession === 90);
    expect(at90).toBeDefined();
    const { mean, low, high } = at90 as Predicted;
    expect(calibration.points).toContainEqual({
      windowId: '90d',
      daysAfterLastSession: 90,
      predicted: { mean, low, high },
      observed: 1,
      inside: low <= 1 && 1 <= high,
    });
    expect(calibration.points).toHaveLength(calibration.count);
    await admin.page.goto('/evidence');
    await admin.page
      .getByTestId('calibration-share')
      .getByText(
        `${calibration.insideCount} of ${calibration.count} observations inside their predicted interval`,
        { exact: false },
      )
      .waitFor();
    const patients = (await get<Items<unknown>>('/api/patients', admin.context)).items.length;
    expect(await admin.page.getByTestId('evidence-patients').textContent()).toMatch(
      new RegExp(`^${patients} patients of this clinic`),
    );
    expect(await seriousViolations(admin.page)).toEqual([]);

    // 13. The patient's FHIR bundle, from the administration.
    await admin.page.goto('/admin');
    await admin.page.getByRole('link', { name: 'FHIR export' }).click();
    const [bundleFile] = await Promise.all([
      admin.page.waitForEvent('download'),
      admin.page.getByRole('button', { name: 'Download FHIR bundle of Mary Somerville' }).click(),
    ]);
    const bundle = JSON.parse(readFileSync((await bundleFile.path()) as string, 'utf8')) as {
      entry: { resource: { resourceType: string } }[];
    };
    const types = new Set(bundle.entry.map((e) => e.resource.resourceType));
    for (const type of [
      'Patient',
      'QuestionnaireResponse',
      'CarePlan',
      'Consent',
      'Procedure',
      'AdverseEvent',
      'Observation',
      'Media',
    ])
      expect(types, type).toContain(type);

    expect(complaints).toEqual([]);
    expect(admin.complaints).toEqual([]);
    await admin.context.close();
    await context.close();
  }, 300_000);
});
