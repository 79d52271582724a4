import { createTheme } from '@mantine/core';

/** One theme for every screen; colours chosen for contrast (WCAG AA) on white. */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'sm',
});
