import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * What the live delivery view's browser tests read (deliveryView.test.ts, deliveryWatchView
 * .test.ts): the session as the server has it, and the figures the screen shows.
 */

/** The session as `GET …/delivery-sessions/{id}` answers it, as far as the tests read it. */
export interface SessionJson {
  id: string;
  consoleId: string;
  lastSeq: number;
  status: string;
  sessionRecordId: string | null;
  state: {
    zones: { extracted: number; failed: number }[];
    lastSeq: number;
    status: string;
    alarms: { message: string }[];
  };
}

export async function session(
  context: BrowserContext,
  patientId: string,
  sessionId: string,
): Promise<SessionJson> {
  const response = await context.request.get(
    `/api/patients/${patientId}/delivery-sessions/${sessionId}`,
  );
  expect(response.status()).toBe(200);
  return (await response.json()) as SessionJson;
}

/** A figure of the screen's facts (a <dt> and its <dd>), as shown. */
export async function fact(page: Page, term: string): Promise<string> {
  return (await page.locator(`dt:text-is("${term}") + dd`).first().textContent()) ?? '';
}

/** The events the screen shows as committed. */
export async function committed(page: Page): Promise<number> {
  return Number((await fact(page, 'Events committed')).replace(/[^\d]/g, '') || '0');
}
