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
 * Colours that pass WCAG AA (4.5:1) on white, where Mantine's defaults do not: dimmed text
 * (descriptions under labels, secondary lines) is gray 7, not gray 6 (3.3:1); a field's error is
 * red 9, not red 6 (3.6:1); and a filled primary button under the pointer turns darker than teal 9
 * (about 7:1 with its white text), where Mantine lightens the darkest shade to teal 8 (3.9:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-teal-filled-hover':
      'color-mix(in srgb, var(--mantine-color-teal-9) 80%, black)',
  },
  dark: {},
});
