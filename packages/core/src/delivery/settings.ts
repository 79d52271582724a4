/**
 * How the guard reads a placement: settings of the guidance, not safety limits (those are
 * device/envelope.ts, and the guard takes them from there).
 */
export const DELIVERY_SETTINGS = {
  farFromPlan: {
    /**
     * A placement whose centre is more than this share of the field side from every planned
     * field's centre is "far from the plan": the guard lays a fresh pattern there (and says so).
     * A quarter side: a hand's usual wander (about a millimetre) stays on the plan, while a field
     * placed across two planned ones does not.
     */
    centreOffsetFieldSides: 0.25,
    /** Likewise a field turned more than this from the plan's axes (modulo a right angle), rad. */
    rotationRad: (10 * Math.PI) / 180,
  },
  source: 'a guidance choice of this software (docs/delivery.md), not a clinical figure',
} as const;
