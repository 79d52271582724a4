import { MantineProvider } from '@mantine/core';
import type { DeliveryAlarm } from '@microcore/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import { AlarmBanner } from '../src/delivery/AlarmBanner.js';

const alarms: DeliveryAlarm[] = [1, 2, 3, 4].map((seq) => ({
  code: 'core.overlap-refused',
  seq,
  message: `alarm ${seq}`,
}));

it('the visible banner is no live region: only the paced one is, so a screen reader hears each alarm whole', () => {
  const html = renderToStaticMarkup(
    createElement(MantineProvider, null, createElement(AlarmBanner, { alarms })),
  );
  // The banner shows the latest alarm (its title changes with every new one, several times a
  // second at full speed); the assertive region says at most one every 3 s (alarmAnnouncer.ts).
  expect(html).toContain('alarm 4');
  expect(html.match(/role="alert"/g)).toHaveLength(1);
  expect(html).toMatch(
    /role="region"[^>]*aria-label="Latest alarms"|aria-label="Latest alarms"[^>]*role="region"/,
  );
});
