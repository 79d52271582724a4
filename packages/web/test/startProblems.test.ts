import { describe, expect, it } from 'vitest';
import type { ProblemDetails } from '../src/api/problem.js';
import { startProblems } from '../src/delivery/startProblems.js';

const problem = (code: string, errors: ProblemDetails['errors']): ProblemDetails => ({
  status: 422,
  code,
  title: 'The request is invalid',
  detail: errors[0]?.message ?? '',
  errors,
});

describe("the start form's reading of the server's refusals", () => {
  it("the interval rule (named `date`: the session is the clinic's today) asks for the reason", () => {
    const message =
      "20 days (2.9 weeks) between sessions is below the clinic's minimum of 4 weeks; book at least 28 days apart, or record the reason for the shorter interval";
    expect(
      startProblems(problem('series.interval-below-minimum', [{ field: 'date', message }])),
    ).toEqual({ byField: { intervalReason: message }, other: [] });
  });

  it("each field's problem beside it; the rest (a plan that cannot be delivered) above the form", () => {
    expect(
      startProblems(
        problem('validation', [
          { field: 'seriesId', message: 'no series of this patient delivers this plan' },
          { field: 'planId', message: 'no plan of this patient has this id' },
        ]),
      ),
    ).toEqual({
      byField: { seriesId: 'no series of this patient delivers this plan' },
      other: ['planId: no plan of this patient has this id'],
    });
    // A session already recorded today: no reason helps, said above the form.
    expect(
      startProblems(
        problem('series.invalid-input', [
          { field: 'date', message: 'session date 2026-12-05 is not after the previous session' },
        ]),
      ),
    ).toEqual({
      byField: {},
      other: ['date: session date 2026-12-05 is not after the previous session'],
    });
  });
});
