import { describe, expect, it } from 'vitest';
import {
  clearDraft,
  type KeyValueStore,
  loadDraft,
  newPlanSettings,
  saveDraft,
} from '../src/planner/draftStore.js';
import { formatMinutes, formatMm, formatNumber, formatPercent } from '../src/planner/formatters.js';
import { defaultSettings } from '../src/planner/planSettings.js';

describe('numbers in the reader’s locale, units always shown', () => {
  it('formats with the locale and the unit', () => {
    expect(formatNumber(10753, 0, 'en-GB')).toBe('10,753');
    expect(formatNumber(10753, 0, 'de-DE')).toBe('10.753');
    expect(formatPercent(0.0601, 2, 'en-GB')).toBe('6.01 %');
    expect(formatPercent(0.0601, 2, 'de-DE')).toBe('6,01 %');
    expect(formatMm(0.4132, 2, 'en-GB')).toBe('0.41 mm');
    expect(formatMm(null)).toBe('—');
    expect(formatMinutes(24.6, 'en-GB')).toBe('25 min');
    expect(formatMinutes(65, 'en-GB')).toBe('1 h 05 min');
  });
});

describe('the unsaved plan kept for the tab', () => {
  function memory(): KeyValueStore & { map: Map<string, string> } {
    const map = new Map<string, string>();
    return {
      map,
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    };
  }

  it('keeps settings per patient, and forgets them when cleared', () => {
    const store = memory();
    const settings = { ...defaultSettings(9), needle: '25G' };
    saveDraft(store, 'p1', settings);
    expect(loadDraft(store, 'p1')).toEqual(settings);
    expect(loadDraft(store, 'p2')).toBeUndefined();
    clearDraft(store, 'p1');
    expect(loadDraft(store, 'p1')).toBeUndefined();
  });

  it('ignores what it cannot read, and a storage that throws', () => {
    const store = memory();
    store.map.set('microcore.plannerDraft.p1', '{not json');
    expect(loadDraft(store, 'p1')).toBeUndefined();
    store.map.set(
      'microcore.plannerDraft.p1',
      JSON.stringify({ version: 1, settings: { zones: 3 } }),
    );
    expect(loadDraft(store, 'p1')).toBeUndefined();
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveDraft(broken, 'p1', defaultSettings())).not.toThrow();
    expect(loadDraft(broken, 'p1')).toBeUndefined();
    expect(() => clearDraft(broken, 'p1')).not.toThrow();
  });

  it("opens a new plan with the draft's settings as stored, else the defaults", () => {
    const store = memory();
    const settings = { ...defaultSettings(9), needle: '25G' };
    saveDraft(store, 'p1', settings);
    // The worker gets the stored text (draftText) and makes the same settings from it.
    expect(newPlanSettings(store.getItem('microcore.plannerDraft.p1'))).toEqual(settings);
    expect(newPlanSettings(null)).toEqual(defaultSettings());
    expect(newPlanSettings('{not json')).toEqual(defaultSettings());
  });
});
