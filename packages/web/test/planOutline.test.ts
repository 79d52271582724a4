import { planTreatment } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { planOutline } from '../src/prediction/planOutline.js';

describe('the plan as the prediction page reads it', () => {
  it('takes the needle, the totals and the zone outlines of a stored plan', () => {
    const plan = JSON.parse(JSON.stringify(planTreatment({ zones: ['submental', 'cheek-left'] })));
    const outline = planOutline(plan);
    expect(outline).toMatchObject({ gauge: '22G', cores: plan.totals.cores });
    expect(outline?.zones.map((z) => z.id)).toEqual(['submental', 'cheek-left']);
    expect(outline?.zones[0].polygon).toEqual(plan.zones[0].polygon);
  });

  it('is null for anything that is not a plan', () => {
    expect(planOutline(null)).toBeNull();
    expect(planOutline({ kind: 'other' })).toBeNull();
    expect(
      planOutline({
        kind: 'microcore.plan',
        zones: [{ id: 'x', polygon: [[0, 'a']] }],
        needle: { gauge: '22G' },
        totals: { cores: 1 },
      }),
    ).toBeNull();
  });
});
