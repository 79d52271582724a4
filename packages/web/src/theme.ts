import { createTheme } from '@mantine/core';

/**
 * One theme for every screen. The primary shade is the darkest teal: white text on it and it on
 * white both pass WCAG AA contrast (4.5:1), which Mantine's default shade (6) does not.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  defaultRadius: 'sm',
});
