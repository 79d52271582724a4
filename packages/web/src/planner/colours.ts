/**
 * Colours for warnings, with WCAG AA contrast (≥ 4.5:1) as text on white and on their own light
 * tint: Mantine's orange.9 (#d9480f) is 4.3:1, so warnings use a darker burnt orange.
 */
export const WARNING_COLOUR = '#9c3d00';
/** Done and saved: a dark green, 7:1 on white and on its own light tint. */
export const SAVED_COLOUR = '#1b5e20';
/** Refusals: Mantine's red.9 (#c92a2a), 5.5:1 on white. */
export const REFUSAL_COLOUR = 'red.9';
