import { type CSSVariablesResolver, createTheme } from '@mantine/core';

/**
 * One theme for every screen. The primary shade is the darkest teal: white text on it and it on
 * white both pass WCAG AA contrast (4.5:1), which Mantine's default shade (6) does not.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  defaultRadius: 'sm',
});

/**
 * Dimmed text (descriptions under labels, secondary lines) one shade darker than Mantine's
 * gray 6, which is 3.3:1 on white: gray 7 passes AA.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
