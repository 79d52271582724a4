/// <reference lib="dom" />
import type { APIRequestContext, Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { drawnPng } from '../../server/test/photoFixtures.js';
import type { Point, Pupils } from '../src/photos/eyeAlignment.js';
import { type Site, screenshot, seriousViolations } from './harness.js';

/** Steps the screens' browser tests share. */

/** Fill the sign-in form (page or modal) and send it. */
export async function signInThroughForm(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export const ADA = {
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1961-12-10',
  sex: 'female',
  fitzpatrickType: 2,
  laxityGrade: 2.5,
};

/** Register a patient through the API as the context's signed-in user; their id. */
export async function registerByApi(
  request: APIRequestContext,
  patient: Record<string, unknown> = ADA,
): Promise<string> {
  const response = await request.post('/api/patients', { data: patient });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Another browser context, signed in through the API as `email` (its `request` calls the API). */
export async function contextAs(
  browser: Browser,
  site: Site,
  email: string,
  password: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: site.url });
  const response = await context.request.post('/api/auth/login', { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
  return context;
}

/** No part of the page is wider than the window (readable without scrolling sideways). */
export async function fitsTheWidth(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
}

/** A calendar day `days` from `day` (YYYY-MM-DD). */
export const shiftDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A face-like picture (PNG): skin, and two dark pupils at the given points, for clicks. */
export function facePng(widthPx: number, heightPx: number, pupils: Pupils): Buffer {
  const near = (x: number, y: number, p: Point) => (x - p.x) ** 2 + (y - p.y) ** 2 <= 36;
  return drawnPng(widthPx, heightPx, (x, y) =>
    near(x, y, pupils.left) || near(x, y, pupils.right) ? [30, 20, 20] : [224, 182, 160],
  );
}

/**
 * The screen at 1280×800 and at a 1024×768 tablet: axe finds no serious or critical violation at
 * either, nothing is wider than the tablet's window, and each size's screenshot is written as
 * docs/screenshots/<name>-desktop.png and -tablet.png, showing the screen's top or `shown`. The
 * pointer stays where the test left it: axe judges a hovered button's colour too (theme.ts).
 */
export async function atBothSizes(page: Page, name: string, shown?: Locator): Promise<void> {
  const show = async () =>
    shown ? shown.scrollIntoViewIfNeeded() : page.evaluate(() => window.scrollTo(0, 0));
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await seriousViolations(page)).toEqual([]);
  await show();
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize({ width: 1024, height: 768 });
  expect(await fitsTheWidth(page)).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  await show();
  await screenshot(page, `${name}-tablet`);
  await page.setViewportSize({ width: 1280, height: 800 });
}
