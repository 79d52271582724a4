/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  launchBrowser,
  newPage,
  type Site,
  seriousViolations,
  startSite,
} from './harness.js';

/**
 * The web app as `npm start` serves it: from the API's origin, under a Content-Security-Policy
 * that lets the page run only this origin's own files, with nothing for the browser to complain
 * about.
 */
describeInBrowser('the web app served by the server', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite({ demoPatients: 0 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('loads at / under a policy that allows only its own scripts, and the browser has nothing to say', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    await expect.poll(() => page.getByRole('heading', { name: 'microcore' }).count()).toBe(1);
    expect(complaints).toEqual([]);
    await context.close();
  });

  it('a screen path deep in the app loads the app; an unknown path is the API 404', async () => {
    const { context, page } = await newPage(browser, site);
    const deep = await page.goto('/patients/00000000-0000-4000-8000-000000000000');
    expect(deep?.status()).toBe(200);
    expect(deep?.headers()['content-type']).toContain('text/html');
    const unknown = await context.request.get('/nothing-here');
    expect(unknown.status()).toBe(404);
    expect(unknown.headers()['content-type']).toContain('application/problem+json');
    const api = await context.request.get('/API/me');
    expect(api.status()).toBe(404);
    await context.close();
  });

  it('an inline script injected into the page is refused by the policy', async () => {
    const { context, page, complaints } = await newPage(browser, site);
    await page.goto('/');
    // As an attacker's markup would: a <script> element with inline code, added to the DOM.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
    });
    expect(
      await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected),
    ).toBeUndefined();
    expect(complaints.join('\n')).toMatch(/Content Security Policy/);
    await context.close();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const { context, page } = await newPage(browser, site);
    await page.goto('/');
    await page.getByRole('heading', { name: 'microcore' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
