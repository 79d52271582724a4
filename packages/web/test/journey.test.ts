/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { CANDIDACY_RULES } from '@microcore/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEMO_ADMIN,
  DEMO_PASSWORD,
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  signInByApi,
  startSite,
} from './harness.js';
import { ADA, atBothSizes, contextAs, registerByApi, shiftDays } from './screens.js';

/**
 * The clinical journey's screens against the real server, in the order a patient meets them:
 * screening, a series booked (a short interval refused until its reason is given; the calendar
 * and the .ics), a session recorded, a follow-up booked for a day to come and recorded on that
 * day. Each form's bad input shows the field's reason and saves nothing. One page, moved between
 * the screens as a user would, to keep page loads few.
 */

interface Items<T> {
  items: T[];
}

describeInBrowser('the journey screens', () => {
  let site: Site;
  let browser: Browser;
  let context: BrowserContext;
  let admin: BrowserContext;
  let page: Page;
  let complaints: string[];
  let patientId: string;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 2 }), launchBrowser()]);
    ({ context, page, complaints } = await newPage(browser, site));
    await signInByApi(context);
    admin = await contextAs(browser, site, DEMO_ADMIN, DEMO_PASSWORD);
    patientId = await registerByApi(context.request, { ...ADA, givenName: 'Grace' });
    const plan = await context.request.post(`/api/patients/${patientId}/plans`, {
      data: { zones: ['submental', 'perioral-left'], needle: '23G', coverage: 5, seed: 7 },
    });
    expect(plan.status(), await plan.text()).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await context?.close();
    await browser?.close();
    await site?.stop();
  });

  const count = async (path: string) =>
    (
      (await (
        await context.request.get(`/api/patients/${patientId}/${path}`)
      ).json()) as Items<unknown>
    ).items.length;

  it('screens a patient: an unanswered question is said beside it; the decision with every reason', async () => {
    await page.goto(`/patients/${patientId}`);
    await page
      .getByRole('navigation', { name: 'Clinical journey' })
      .getByRole('link', { name: 'Screening' })
      .click();
    await page.getByRole('heading', { name: 'Screening: Grace Lovelace' }).waitFor();
    const questions = CANDIDACY_RULES.checklist;
    // Each question with its source.
    await page.getByText(`Source: ${questions[0].source}`, { exact: false }).first().waitFor();

    await page.getByRole('button', { name: 'Screen' }).click();
    await page.getByText(`No answer to "${questions[0].question}"`, { exact: false }).waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain(
      'One field needs attention',
    );
    expect(await count('screenings')).toBe(0);

    for (const q of questions) {
      const group = page.getByRole('radiogroup', { name: q.question });
      await group.getByLabel(q.code === 'expectsFacelift' ? 'Yes' : 'No', { exact: true }).check();
    }
    await page.getByRole('button', { name: 'Screen' }).click();
    const decision = page.getByRole('region', { name: 'Decision' });
    await decision.getByText('Refer elsewhere').waitFor();
    const facelift = questions.find((q) => q.code === 'expectsFacelift');
    // The reason with its source, and the referral's alternatives.
    expect(await decision.textContent()).toContain(facelift?.source);
    await decision.getByText('Referral: the alternatives the rules name').first().waitFor();
    expect(await decision.textContent()).toContain('microfocused ultrasound');
    expect(await count('screenings')).toBe(1);
    await page
      .getByRole('region', { name: 'Past screenings' })
      .getByText('Refer elsewhere')
      .waitFor();
    await atBothSizes(page, 'screening', decision);
  });

  it('books a series: a short interval needs its reason, then the calendar and the .ics show it', async () => {
    await page.getByRole('link', { name: 'Back to Grace Lovelace' }).click();
    await page.getByRole('link', { name: 'Treatment series' }).click();
    await page.getByRole('heading', { name: 'Book a series' }).waitFor();
    // The default from the grade (2.5: moderate, 2 sessions), and the rule before saving.
    expect(await page.getByLabel('Sessions').inputValue()).toBe('2');
    await page.getByText('At least 6 weeks (42 days) between sessions', { exact: false }).waitFor();

    const today = ((await (await context.request.get('/api/clinic')).json()) as { today: string })
      .today;
    await page.getByLabel('First session').fill(today);
    await page.getByLabel('Interval (days)').fill('30');
    await page.getByText('30 days is below the minimum of 42 days', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Book the series' }).click();
    const interval = page.getByLabel('Interval (days)');
    await expect.poll(() => interval.getAttribute('aria-invalid')).toBe('true');
    await page.getByText(/below the clinic's minimum of 6 weeks/).waitFor();
    expect(await count('series')).toBe(0);

    await page
      .getByLabel('Reason for a shorter interval')
      .fill('Patient travels abroad in six weeks');
    await page.getByLabel('Session 1', { exact: true }).fill('09:30');
    await page.getByRole('button', { name: 'Book the series' }).click();
    const calendar = page.getByRole('group', { name: 'Calendar of the series' });
    await calendar.waitFor();
    const series = (
      (await (await context.request.get(`/api/patients/${patientId}/series`)).json()) as Items<{
        id: string;
        sessions: { date: string; time: string | null }[];
        assessmentDate: string;
      }>
    ).items[0];
    expect(series.sessions.map((s) => s.time)).toEqual(['09:30', null]);
    const inWords = (date: string) =>
      new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
        dateStyle: 'medium',
        timeZone: 'UTC',
      });
    // Each session and the assessment marked on its day.
    for (const [date, label] of [
      [series.sessions[0].date, 'Session 1 09:30'],
      [series.sessions[1].date, 'Session 2'],
      [series.assessmentDate, 'Assessment'],
    ])
      await calendar.getByRole('cell', { name: `${inWords(date)}: ${label}` }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download calendar (.ics)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`microcore-series-${series.id}.ics`);
    const ics = readFileSync((await download.path()) as string, 'utf8');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    // Session 1 is timed (09:30 in the clinic's zone, UTC in the demo), session 2 all day.
    expect(ics).toContain(`DTSTART:${series.sessions[0].date.replaceAll('-', '')}T093000Z`);
    expect(ics).toContain(`DTSTART;VALUE=DATE:${series.sessions[1].date.replaceAll('-', '')}`);
    await atBothSizes(page, 'series', calendar);
  });

  it('records a session from its plan: no anaesthesia chosen is said beside it; then saved', async () => {
    await page.getByRole('link', { name: 'Back to Grace Lovelace' }).click();
    await page.getByRole('link', { name: 'Record a session' }).click();
    await page.getByRole('heading', { name: 'The session' }).waitFor();
    // Zones from the plan, every value the API allows in the picker.
    await page.getByLabel('Cores delivered in Submental (under the chin)').waitFor();
    const choices = await page.getByLabel('Anaesthesia').locator('option').allTextContents();
    expect(choices).toEqual(['Choose…', 'None', 'Topical', 'Local infiltration', 'Nerve block']);
    await page.getByText('No other session is recorded for this patient.').waitFor();

    await page.getByRole('button', { name: 'Record the session' }).click();
    await page.getByText('Choose the anaesthesia.').waitFor();
    expect(await count('sessions')).toBe(0);

    await page.getByLabel('Anaesthesia').selectOption('topical');
    await page.getByLabel('Done: Perioral, left').uncheck();
    await page.getByLabel('Cores delivered in Submental (under the chin)').fill('400');
    await page.getByRole('button', { name: 'Record the session' }).click();
    await page
      .getByRole('status')
      .getByText(/^Session of .+ recorded\.$/)
      .waitFor();
    const sessions = (
      (await (await context.request.get(`/api/patients/${patientId}/sessions`)).json()) as Items<{
        zones: { zoneId: string; coresDelivered: number }[];
        anaesthesia: string;
        operator: string;
      }>
    ).items;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      zones: [{ zoneId: 'submental', coresDelivered: 400 }],
      anaesthesia: 'topical',
      operator: 'clinician@demo.clinic',
    });
    await page
      .getByRole('region', { name: 'Recorded sessions' })
      .getByText('submental (400)')
      .waitFor();
    await atBothSizes(page, 'session');
  });

  it('books a follow-up for a day to come, and records it on that day', async () => {
    // The server's clock is real: the clinic's day is moved by its time zone instead. Pago Pago
    // (UTC−11) is a day or two behind Kiritimati (UTC+14).
    const setZone = async (timeZone: string) => {
      const response = await admin.request.patch('/api/clinic', { data: { timeZone } });
      expect(response.status()).toBe(200);
      return ((await response.json()) as { today: string }).today;
    };
    const before = await setZone('Pacific/Pago_Pago');
    const day = shiftDays;
    const booked = day(before, 1);
    try {
      await page.goto(`/patients/${patientId}/follow-ups`);
      await page.getByRole('heading', { name: 'Book a follow-up' }).waitFor();
      // Each Lemperle grade with its description, and the scale's source.
      await page.getByRole('cell', { name: 'moderately deep wrinkle' }).waitFor();
      await page.getByText('Lemperle et al., 2001', { exact: false }).first().waitFor();

      await page.getByLabel('Follow-up day').first().fill(day(before, -1));
      await page.getByRole('button', { name: 'Book', exact: true }).click();
      await page.getByText(/^Is in the past \(today is/).waitFor();
      expect(await count('follow-ups')).toBe(0);

      await page.getByLabel('Follow-up day').first().fill(booked);
      await page.getByLabel('Time').fill('11:15');
      await page.getByRole('button', { name: 'Book', exact: true }).click();
      const planned = page.getByRole('region', { name: 'Planned follow-ups' });
      await planned.getByText('Due', { exact: true }).waitFor();
      expect(await count('follow-ups')).toBe(1);
      // Not yet the day: a follow-up cannot be recorded in the future.
      expect(await planned.getByRole('button').count()).toBe(0);

      const after = await setZone('Pacific/Kiritimati');
      expect(after > before).toBe(true);
      await page.reload();
      const record = planned.getByRole('button', { name: /^Record the follow-up of / });
      await record.click();
      const form = page.getByRole('region', { name: 'Record a follow-up' });
      expect(await form.getByLabel('Planned follow-up').inputValue()).not.toBe('');
      // Nothing scored: the API says so, nothing is saved.
      await form.getByLabel('Follow-up day').fill(booked);
      await form.getByRole('button', { name: 'Record the follow-up' }).click();
      await form.getByText(/at least one score/).waitFor();
      expect(await count('assessments')).toBe(0);

      await form.getByLabel('Submental (under the chin)').selectOption('2');
      await form.getByLabel('GAIS, investigator').selectOption('2');
      await form.getByLabel('GAIS, patient').selectOption('3');
      await form.getByLabel('Satisfaction (1–5)').selectOption('4');
      await form.getByRole('button', { name: 'Record the follow-up' }).click();
      await form
        .getByRole('status')
        .getByText(/recorded\.$/)
        .waitFor();
      await planned.getByText('Recorded', { exact: true }).waitFor();
      const followUps = (
        (await (
          await context.request.get(`/api/patients/${patientId}/follow-ups`)
        ).json()) as Items<{
          status: string;
          date: string;
          time: string;
        }>
      ).items;
      expect(followUps).toMatchObject([{ status: 'recorded', date: booked, time: '11:15' }]);
      await page
        .getByRole('region', { name: 'Recorded follow-ups' })
        .getByText('Submental (under the chin) 2')
        .waitFor();
      await atBothSizes(page, 'follow-up');
    } finally {
      await setZone('UTC');
    }
    expect(complaints).toEqual([]);
  });
});
