/// <reference lib="dom" />
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Site } from './harness.js';

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
