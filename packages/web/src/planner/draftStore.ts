import { defaultSettings, type PlannerSettings } from './planSettings.js';

/**
 * An unsaved plan kept in the tab's session storage, per patient, so that a session that
 * expires mid-plan (sign-in, then back) or a reload does not lose it. Only the settings are
 * kept: the cores are planned again from them, the same for the same seed.
 */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const VERSION = 1;

function keyFor(patientId: string): string {
  return `microcore.plannerDraft.${patientId}`;
}

export function saveDraft(
  store: KeyValueStore,
  patientId: string,
  settings: PlannerSettings,
): void {
  try {
    store.setItem(keyFor(patientId), JSON.stringify({ version: VERSION, settings }));
  } catch {
    // A full or disabled storage only loses the draft; planning goes on.
  }
}

export function loadDraft(store: KeyValueStore, patientId: string): PlannerSettings | undefined {
  let text: string | null;
  try {
    text = store.getItem(keyFor(patientId));
  } catch {
    return undefined;
  }
  return readDraft(text);
}

/** A draft's settings from its stored text; undefined for none, or one that cannot be read. */
export function readDraft(text: string | null): PlannerSettings | undefined {
  if (text === null) return undefined;
  try {
    const parsed = JSON.parse(text) as { version?: unknown; settings?: unknown };
    if (parsed.version !== VERSION || !looksLikeSettings(parsed.settings)) return undefined;
    return parsed.settings;
  } catch {
    return undefined;
  }
}

/** The tab's storage for unsaved plans, when the browser gives one. */
export function tabStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * The tab's draft for the patient as it is stored (null: none), for the plan worker, which reads
 * it itself (newPlanSettings below): a cold load of the planner starts planning before
 * the page has the planner's code (planner/routes.tsx).
 */
export function draftText(patientId: string): string | null {
  try {
    return tabStorage()?.getItem(keyFor(patientId)) ?? null;
  } catch {
    return null;
  }
}

export function clearDraft(store: KeyValueStore, patientId: string): void {
  try {
    store.removeItem(keyFor(patientId));
  } catch {
    // Nothing to do: the draft stays until the tab closes.
  }
}

function looksLikeSettings(value: unknown): value is PlannerSettings {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    Array.isArray(s.zones) &&
    typeof s.coveragePercent === 'object' &&
    typeof s.needle === 'string' &&
    typeof s.seed === 'number' &&
    (s.mode === 'clinical' || s.mode === 'research') &&
    (s.pattern === 'blue-noise' || s.pattern === 'fields') &&
    typeof s.landmarks === 'object' &&
    Array.isArray(s.exclusions)
  );
}

/**
 * The settings a new plan for a patient opens with: the tab's unsaved draft (its stored text),
 * else the defaults. The planner screen starts from them, and the plan worker
 * plans them ahead on a cold load (planWorker.ts).
 */
export function newPlanSettings(draft: string | null): PlannerSettings {
  return readDraft(draft) ?? defaultSettings();
}
