import { describe, expect, it } from 'vitest';
import { defaultSessions, predictionChoices } from '../src/prediction/predictionChoices.js';

describe('the prediction’s choices', () => {
  it('defaults the sessions to the series settings for the patient’s laxity', () => {
    // Mild laxity one session, moderate two, severe three (core's series settings).
    expect(defaultSessions(1)).toBe(1);
    expect(defaultSessions(2)).toBe(2);
    expect(defaultSessions(4)).toBe(3);
    expect(defaultSessions(0)).toBe(1);
    expect(() => defaultSessions(1.3)).toThrow();
  });

  it('lists 1–6 sessions, the Lemperle grades 0–5 with their words, intervals in weeks', () => {
    expect(predictionChoices.sessions.map((c) => c.value)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(predictionChoices.lemperle[3]).toEqual({ value: '3', label: '3: moderately deep' });
    expect(predictionChoices.intervalWeeks.every((c) => c.label.endsWith('weeks'))).toBe(true);
  });
});
