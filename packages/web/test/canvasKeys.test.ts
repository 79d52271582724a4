import { describe, expect, it } from 'vitest';
import { commandForKey, LOOK_STEP, ZOOM_STEP } from '../src/planner/canvasKeys.js';

const idle = { selected: false, drawing: false };

describe('the keys of the plan drawing', () => {
  it('zoom with + and −, fit with 0, look about with the arrows', () => {
    expect(commandForKey('+', false, idle)).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(commandForKey('=', false, idle)).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(commandForKey('-', false, idle)).toEqual({ kind: 'zoom', factor: 1 / ZOOM_STEP });
    expect(commandForKey('0', false, idle)).toEqual({ kind: 'fit' });
    expect(commandForKey('ArrowRight', false, idle)).toEqual({
      kind: 'look',
      right: LOOK_STEP,
      down: 0,
    });
    expect(commandForKey('ArrowUp', false, idle)).toEqual({
      kind: 'look',
      right: 0,
      down: -LOOK_STEP,
    });
    // Shift+arrow without a selection still looks about.
    expect(commandForKey('ArrowLeft', true, idle)).toEqual({
      kind: 'look',
      right: -LOOK_STEP,
      down: 0,
    });
  });

  it('move a selected exclusion 1 mm with Shift+arrows (up is up), and delete it', () => {
    const selected = { selected: true, drawing: false };
    expect(commandForKey('ArrowUp', true, selected)).toEqual({
      kind: 'move-exclusion',
      dxMm: 0,
      dyMm: 1,
    });
    expect(commandForKey('ArrowRight', true, selected)).toEqual({
      kind: 'move-exclusion',
      dxMm: 1,
      dyMm: 0,
    });
    expect(commandForKey('Delete', false, selected)).toEqual({ kind: 'delete-exclusion' });
    expect(commandForKey('Backspace', false, selected)).toEqual({ kind: 'delete-exclusion' });
    expect(commandForKey('Delete', false, idle)).toBeNull();
    expect(commandForKey('Escape', false, selected)).toEqual({ kind: 'deselect' });
  });

  it('place an exclusion with Enter and stop drawing with Esc while drawing; leave other keys alone', () => {
    const drawing = { selected: false, drawing: true };
    expect(commandForKey('Enter', false, drawing)).toEqual({ kind: 'place-exclusion' });
    expect(commandForKey('Escape', false, drawing)).toEqual({ kind: 'stop-drawing' });
    expect(commandForKey('Enter', false, idle)).toBeNull();
    expect(commandForKey('Escape', false, idle)).toBeNull();
    // Tab, letters and the like are not the drawing's: focus moves on as usual.
    expect(commandForKey('Tab', false, idle)).toBeNull();
    expect(commandForKey('a', false, idle)).toBeNull();
  });
});
