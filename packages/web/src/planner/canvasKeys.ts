/**
 * What a key does on the focused plan drawing. Pure, so the keyboard's whole behaviour is tested
 * without a browser; the canvas component carries the command out.
 */
export type KeyCommand =
  | { readonly kind: 'zoom'; readonly factor: number }
  /** Look this way: the drawing moves the other way (fractions of the canvas's shorter side). */
  | { readonly kind: 'look'; readonly right: number; readonly down: number }
  | { readonly kind: 'fit' }
  /** Move the selected exclusion, chart mm (up is up on the chart and the screen alike). */
  | { readonly kind: 'move-exclusion'; readonly dxMm: number; readonly dyMm: number }
  | { readonly kind: 'delete-exclusion' }
  | { readonly kind: 'place-exclusion' }
  | { readonly kind: 'stop-drawing' }
  | { readonly kind: 'deselect' };

export const ZOOM_STEP = 1.5;
export const LOOK_STEP = 0.12;
export const MOVE_STEP_MM = 1;

const ARROWS: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

export interface KeyContext {
  /** Whether an exclusion is selected. */
  readonly selected: boolean;
  /** Whether the pointer is armed to draw an exclusion. */
  readonly drawing: boolean;
}

/** The command for a key (as KeyboardEvent.key names it), or null: the key is not the drawing's. */
export function commandForKey(
  key: string,
  shiftKey: boolean,
  context: KeyContext,
): KeyCommand | null {
  const arrow = ARROWS[key];
  if (arrow && shiftKey && context.selected)
    return {
      kind: 'move-exclusion',
      dxMm: arrow[0] * MOVE_STEP_MM,
      dyMm: 0 - arrow[1] * MOVE_STEP_MM,
    };
  if (arrow) return { kind: 'look', right: arrow[0] * LOOK_STEP, down: arrow[1] * LOOK_STEP };
  switch (key) {
    case '+':
    case '=':
      return { kind: 'zoom', factor: ZOOM_STEP };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    case '0':
      return { kind: 'fit' };
    case 'Delete':
    case 'Backspace':
      return context.selected ? { kind: 'delete-exclusion' } : null;
    case 'Enter':
      return context.drawing ? { kind: 'place-exclusion' } : null;
    case 'Escape':
      return context.drawing
        ? { kind: 'stop-drawing' }
        : context.selected
          ? { kind: 'deselect' }
          : null;
    default:
      return null;
  }
}
