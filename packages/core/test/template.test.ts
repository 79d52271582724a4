import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE,
  type FaceTemplate,
  geometry,
  MIN_ZONE_AREA_MM2,
  MicrocoreError,
  parseTemplate,
  type RingMm,
  scaleFromLandmarks,
  scaleTemplate,
  uniformScale,
  validateTemplate,
} from '../src/index.js';

/** Shoelace area written out here, independent of the geometry module. */
function shoelace(ring: readonly (readonly number[])[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

function square(x: number, y: number, side: number): number[][] {
  return [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
  ];
}

/** Run `action`, expect a MicrocoreError, and return it for further checks. */
function refusal(action: () => unknown): MicrocoreError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(MicrocoreError);
    return error as MicrocoreError;
  }
  throw new Error('expected a MicrocoreError, but nothing was thrown');
}

function expectTemplateError(json: unknown, ...parts: (string | RegExp)[]): MicrocoreError {
  const error = refusal(() => parseTemplate(json));
  expect(error.code).toBe('template.invalid');
  expect(typeof error.field).toBe('string');
  expect(error.field?.length).toBeGreaterThan(0);
  for (const part of parts) {
    if (typeof part === 'string') expect(error.message).toContain(part);
    else expect(error.message).toMatch(part);
  }
  return error;
}

const zoneById = (template: FaceTemplate, id: string) => {
  const zone = template.zones.find((z) => z.id === id);
  if (!zone) throw new Error(`no zone ${id}`);
  return zone;
};

const INDICATED = ['cheek-left', 'cheek-right', 'jawline-left', 'jawline-right', 'submental'];

describe('DEFAULT_TEMPLATE', () => {
  it('has the indicated zones on and the perioral zones optional', () => {
    expect(DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id)).toEqual(INDICATED);
    expect(DEFAULT_TEMPLATE.zones.filter((z) => !z.indicated).map((z) => z.id)).toEqual([
      'perioral-left',
      'perioral-right',
    ]);
  });

  it('has indicated zones that together cover a realistic 200–280 cm²', () => {
    const totalMm2 = DEFAULT_TEMPLATE.zones
      .filter((z) => z.indicated)
      .reduce((sum, z) => sum + shoelace(z.polygon), 0);
    expect(totalMm2 / 100).toBeGreaterThanOrEqual(200);
    expect(totalMm2 / 100).toBeLessThanOrEqual(280);
    for (const zone of DEFAULT_TEMPLATE.zones) {
      expect(shoelace(zone.polygon)).toBeGreaterThanOrEqual(MIN_ZONE_AREA_MM2);
    }
  });

  it('is valid: simple outlines, no overlapping zones (validateTemplate returns it)', () => {
    expect(validateTemplate(DEFAULT_TEMPLATE)).toBe(DEFAULT_TEMPLATE);
    // and it survives the JSON round trip through the parser unchanged
    const parsed = parseTemplate(JSON.parse(JSON.stringify({ zones: DEFAULT_TEMPLATE.zones })));
    expect(parsed.zones.map((z) => z.polygon)).toEqual(
      DEFAULT_TEMPLATE.zones.map((z) => z.polygon),
    );
  });

  it('has right zones that are mirror images (x → −x) of the left ones, with equal areas', () => {
    for (const side of ['cheek', 'jawline', 'perioral']) {
      const left = zoneById(DEFAULT_TEMPLATE, `${side}-left`);
      const right = zoneById(DEFAULT_TEMPLATE, `${side}-right`);
      expect(right.polygon.length).toBe(left.polygon.length);
      const mirroredLeft = left.polygon.map(([x, y]) => `${-x},${y}`).sort();
      const rightPoints = right.polygon.map(([x, y]) => `${x},${y}`).sort();
      expect(rightPoints).toEqual(mirroredLeft);
      expect(shoelace(right.polygon)).toBeCloseTo(shoelace(left.polygon), 9);
      // the left zone lies on the patient's left (x > 0), the right one on the right (x < 0)
      expect(left.polygon.every(([x]) => x > 0)).toBe(true);
      expect(right.polygon.every(([x]) => x < 0)).toBe(true);
    }
  });
});

describe('parseTemplate: custom zones', () => {
  const ok = (zones: unknown[]) => parseTemplate({ zones });

  it('accepts a simple zone and fills in the defaults', () => {
    const template = ok([{ id: 'patch', polygon: square(0, 0, 20) }]);
    expect(template.zones).toHaveLength(1);
    const [zone] = template.zones;
    expect(zone).toMatchObject({ id: 'patch', label: 'patch', indicated: true, exclusions: [] });
    expect(geometry.areaMm2(zone.polygon)).toBe(400);
    expect(template.name).toBe('custom template');
  });

  it('refuses a self-intersecting (bow-tie) outline, naming the zone and "crosses itself"', () => {
    const bowTie = [
      [0, 0],
      [20, 20],
      [20, 0],
      [0, 20],
    ];
    const error = expectTemplateError(
      { zones: [{ id: 'bow-tie', polygon: bowTie }] },
      '"bow-tie"',
      'crosses itself',
    );
    expect(error.field).toContain('bow-tie');
  });

  it('refuses a self-intersecting exclusion, naming the zone and the exclusion', () => {
    const bowTie = [
      [5, 5],
      [10, 10],
      [10, 5],
      [5, 10],
    ];
    expectTemplateError(
      { zones: [{ id: 'patch', polygon: square(0, 0, 20), exclusions: [bowTie] }] },
      '"patch"',
      'exclusion 1',
      'crosses itself',
    );
  });

  it.each([
    ['Infinity', Number.POSITIVE_INFINITY],
    ['NaN', Number.NaN],
    ['a string', '10'],
    ['null', null],
    ['an absurd size (1e9 mm)', 1e9],
  ])('refuses a coordinate that is %s, naming the zone and the point', (_what, bad) => {
    const polygon: unknown[][] = square(0, 0, 20);
    polygon[2] = [20, bad];
    const error = expectTemplateError(
      { zones: [{ id: 'cheek-left', polygon }] },
      '"cheek-left"',
      'point 3',
      'finite numbers',
    );
    expect(error.field).toBe('zones[0].polygon[2]');
  });

  it('refuses JSON numbers that overflow to Infinity', () => {
    const json = JSON.parse('{"zones":[{"id":"big","polygon":[[0,0],[1e400,0],[20,20]]}]}');
    expectTemplateError(json, '"big"', 'finite');
  });

  it.each([
    ['three numbers', [20, 20, 0]],
    ['one number', [20]],
    ['an object', { x: 20, y: 20 }],
  ])('refuses a point with %s instead of [x, y], naming the zone', (_what, bad) => {
    const polygon: unknown[] = square(0, 0, 20);
    polygon[1] = bad;
    expectTemplateError({ zones: [{ id: 'jaw', polygon }] }, '"jaw"', 'point 2', '[x, y]');
  });

  it('refuses an outline that is not a list, or has fewer than 3 points', () => {
    expectTemplateError({ zones: [{ id: 'jaw', polygon: 'square' }] }, '"jaw"', 'list');
    expectTemplateError(
      {
        zones: [
          {
            id: 'jaw',
            polygon: [
              [0, 0],
              [20, 0],
            ],
          },
        ],
      },
      '"jaw"',
      'at least 3 points',
    );
  });

  it('refuses a zone under 1 cm² and accepts one of exactly 1 cm²', () => {
    expectTemplateError(
      { zones: [{ id: 'tiny', polygon: square(0, 0, 9.9) }] },
      '"tiny"',
      '1 cm²',
      'below',
    );
    expect(ok([{ id: 'tiny', polygon: square(0, 0, 10) }]).zones[0].id).toBe('tiny');
  });

  it('counts exclusions against the 1 cm² minimum (treatable area)', () => {
    // 12 × 12 = 144 mm² outline, less a 7 × 7 = 49 mm² mole leaves 95 mm²
    expectTemplateError(
      { zones: [{ id: 'small', polygon: square(0, 0, 12), exclusions: [square(2, 2, 7)] }] },
      '"small"',
      'treatable area',
      '0.95 cm²',
    );
  });

  it('refuses an exclusion that is not wholly inside its zone', () => {
    // partly outside: crosses the outline
    const error = expectTemplateError(
      { zones: [{ id: 'cheek-left', polygon: square(0, 0, 20), exclusions: [square(15, 5, 10)] }] },
      '"cheek-left"',
      'exclusion 1',
      'not wholly inside',
    );
    expect(error.field).toBe('zones.cheek-left.exclusions[0]');
    // wholly outside
    expectTemplateError(
      { zones: [{ id: 'cheek-left', polygon: square(0, 0, 20), exclusions: [square(30, 30, 5)] }] },
      'not wholly inside',
    );
  });

  it('accepts an exclusion inside its zone, also one touching the outline from inside', () => {
    const template = ok([
      {
        id: 'cheek-left',
        polygon: square(0, 0, 40),
        exclusions: [square(5, 5, 5), square(35, 10, 5)],
      },
    ]);
    expect(template.zones[0].exclusions).toHaveLength(2);
  });

  it('refuses overlapping exclusions, naming both', () => {
    expectTemplateError(
      {
        zones: [
          {
            id: 'patch',
            polygon: square(0, 0, 40),
            exclusions: [square(5, 5, 10), square(10, 10, 10)],
          },
        ],
      },
      '"patch"',
      'exclusion 2 overlaps exclusion 1',
    );
  });

  it('refuses an exclusion nested in another exclusion', () => {
    expectTemplateError(
      {
        zones: [
          {
            id: 'patch',
            polygon: square(0, 0, 40),
            exclusions: [square(5, 5, 20), square(10, 10, 5)],
          },
        ],
      },
      'overlaps',
    );
  });

  it('refuses two overlapping zones, naming both', () => {
    const error = expectTemplateError(
      {
        zones: [
          { id: 'zone-a', polygon: square(0, 0, 20) },
          { id: 'zone-b', polygon: square(10, 10, 20) },
        ],
      },
      '"zone-a"',
      '"zone-b"',
      'overlaps',
    );
    expect(error.field).toBe('zones.zone-b');
  });

  it('refuses a zone lying inside another, and two identical zones', () => {
    expectTemplateError(
      {
        zones: [
          { id: 'outer', polygon: square(0, 0, 40) },
          { id: 'inner', polygon: square(10, 10, 10) },
        ],
      },
      'overlaps',
    );
    expectTemplateError(
      {
        zones: [
          { id: 'first', polygon: square(0, 0, 20) },
          { id: 'second', polygon: square(0, 0, 20) },
        ],
      },
      'overlaps',
    );
  });

  // Regression: the overlap test once compared only one ring's interior point with the other, so
  // a zone drawn inside another along its edges was caught in one order only.
  it('refuses a zone drawn inside another whatever the order (vertices on the boundary)', () => {
    const sq = square(0, 0, 20);
    const triangle = [
      [0, 0],
      [20, 20],
      [0, 20],
    ];
    expectTemplateError(
      {
        zones: [
          { id: 'square', polygon: sq },
          { id: 'triangle', polygon: triangle },
        ],
      },
      'overlaps',
    );
    expectTemplateError(
      {
        zones: [
          { id: 'triangle', polygon: triangle },
          { id: 'square', polygon: sq },
        ],
      },
      'overlaps',
    );
  });

  it('accepts zones that share an edge, or part of one, or a corner', () => {
    const template = ok([
      { id: 'west', polygon: square(0, 0, 20) },
      { id: 'east', polygon: square(20, 0, 20) },
      { id: 'north-east', polygon: square(20, 20, 20) },
      { id: 'notch', polygon: square(40, 5, 10) },
    ]);
    expect(template.zones.map((z) => z.id)).toEqual(['west', 'east', 'north-east', 'notch']);
  });

  it('refuses duplicate zone ids', () => {
    const error = expectTemplateError(
      {
        zones: [
          { id: 'cheek-left', polygon: square(0, 0, 20) },
          { id: 'cheek-left', polygon: square(40, 0, 20) },
        ],
      },
      '"cheek-left"',
      'twice',
    );
    expect(error.field).toBe('zones');
  });

  it.each([
    ['upper case', 'Cheek'],
    ['a space', 'left cheek'],
    ['empty', ''],
    ['a number', 7],
  ])('refuses a zone id with %s', (_what, id) => {
    expectTemplateError(
      { zones: [{ id, polygon: square(0, 0, 20) }] },
      'template zone 1',
      `id ${JSON.stringify(id)} must be lower-case`,
    );
  });

  it('refuses a template that is not an object or has neither "zones" nor "exclusions"', () => {
    for (const json of [null, [], 'zones', 42, {}, { zones: [] }, { zones: {} }]) {
      expectTemplateError(json);
    }
  });

  it('accepts a repeated closing point and drops it', () => {
    const closed = [...square(0, 0, 20), [0, 0]];
    const template = ok([
      { id: 'patch', polygon: closed, exclusions: [[...square(5, 5, 5), [5, 5]]] },
    ]);
    expect(template.zones[0].polygon).toEqual(square(0, 0, 20));
    expect(template.zones[0].exclusions[0]).toEqual(square(5, 5, 5));
    expect(geometry.areaMm2(template.zones[0].polygon)).toBe(400);
  });

  it('keeps the label, indicated flag and name it is given', () => {
    const template = parseTemplate({
      name: 'measured on patient 17',
      zones: [
        { id: 'patch', label: 'Forehead patch', indicated: false, polygon: square(0, 0, 20) },
      ],
    });
    expect(template.name).toBe('measured on patient 17');
    expect(template.zones[0]).toMatchObject({ label: 'Forehead patch', indicated: false });
  });
});

describe('parseTemplate: exclusions added to the default template', () => {
  const mole = square(70, 60, 5);

  it('adds the exclusion to the named zone and keeps every other zone as it is', () => {
    const template = parseTemplate({ exclusions: { 'cheek-left': [mole] } });
    expect(template.zones.map((z) => z.id)).toEqual(DEFAULT_TEMPLATE.zones.map((z) => z.id));
    const cheek = zoneById(template, 'cheek-left');
    expect(cheek.exclusions).toEqual([mole]);
    expect(cheek.polygon).toEqual(zoneById(DEFAULT_TEMPLATE, 'cheek-left').polygon);
    for (const zone of template.zones.filter((z) => z.id !== 'cheek-left')) {
      expect(zone).toEqual(zoneById(DEFAULT_TEMPLATE, zone.id));
    }
    // the default template itself is not changed
    expect(zoneById(DEFAULT_TEMPLATE, 'cheek-left').exclusions).toEqual([]);
  });

  it('refuses an unknown zone id, naming it and listing the zones', () => {
    const error = expectTemplateError(
      { exclusions: { nose: [mole] } },
      '"nose"',
      'unknown zone',
      'cheek-left',
    );
    expect(error.field).toBe('exclusions.nose');
  });

  it('refuses an exclusion outside the default zone it names', () => {
    // the mole sits in the left cheek, not in the submental zone
    expectTemplateError({ exclusions: { submental: [mole] } }, '"submental"', 'not wholly inside');
  });

  it('refuses exclusions that are not a list of polygons', () => {
    expectTemplateError({ exclusions: { 'cheek-left': mole[0] } }, '"cheek-left"');
    expectTemplateError({ exclusions: [mole] }, 'exclusions');
  });
});

describe('scaleTemplate, uniformScale, scaleFromLandmarks', () => {
  const withMole = parseTemplate({ exclusions: { 'cheek-left': [square(70, 60, 5)] } });

  it('scaling by 1.1 multiplies every zone and exclusion area by 1.21', () => {
    const scaled = scaleTemplate(withMole, uniformScale(1.1));
    expect(scaled.zones).toHaveLength(withMole.zones.length);
    withMole.zones.forEach((zone, i) => {
      const other = scaled.zones[i];
      expect(other.id).toBe(zone.id);
      expect(shoelace(other.polygon) / shoelace(zone.polygon)).toBeCloseTo(1.21, 9);
      zone.exclusions.forEach((exclusion, k) => {
        expect(shoelace(other.exclusions[k]) / shoelace(exclusion)).toBeCloseTo(1.21, 9);
      });
    });
    expect(zoneById(scaled, 'cheek-left').exclusions).toHaveLength(1);
    expect(validateTemplate(scaled)).toBe(scaled);
    expect(scaled.name).not.toBe(withMole.name);
  });

  it('scale 1 leaves the template as it is', () => {
    expect(scaleTemplate(DEFAULT_TEMPLATE, uniformScale(1))).toEqual(DEFAULT_TEMPLATE);
  });

  it('landmarks 146.3 mm (bizygomatic) and 77 mm (lower face) scale x and y by 1.1', () => {
    const scale = scaleFromLandmarks({ bizygomaticWidthMm: 146.3, lowerFaceHeightMm: 77 });
    expect(scale.x).toBeCloseTo(1.1, 12);
    expect(scale.y).toBeCloseTo(1.1, 12);
    const scaled = scaleTemplate(DEFAULT_TEMPLATE, scale);
    DEFAULT_TEMPLATE.zones.forEach((zone, i) => {
      zone.polygon.forEach(([x, y], k) => {
        expect(scaled.zones[i].polygon[k][0]).toBeCloseTo(1.1 * x, 9);
        expect(scaled.zones[i].polygon[k][1]).toBeCloseTo(1.1 * y, 9);
      });
    });
  });

  it('scales x by the width ratio and y by the height ratio independently', () => {
    const scale = scaleFromLandmarks({ bizygomaticWidthMm: 146.3, lowerFaceHeightMm: 70 });
    expect(scale.x).toBeCloseTo(1.1, 12);
    expect(scale.y).toBeCloseTo(1, 12);
    const scaled = scaleTemplate(DEFAULT_TEMPLATE, scale);
    const [x0, y0] = DEFAULT_TEMPLATE.zones[0].polygon[0];
    expect(scaled.zones[0].polygon[0][0]).toBeCloseTo(1.1 * x0, 9);
    expect(scaled.zones[0].polygon[0][1]).toBeCloseTo(y0, 9);
    expect(
      shoelace(scaled.zones[0].polygon) / shoelace(DEFAULT_TEMPLATE.zones[0].polygon),
    ).toBeCloseTo(1.1, 9);
  });

  it('one landmark alone scales both axes', () => {
    expect(scaleFromLandmarks({ bizygomaticWidthMm: 146.3 })).toEqual({
      x: 146.3 / 133,
      y: 146.3 / 133,
    });
    expect(scaleFromLandmarks({ lowerFaceHeightMm: 63 })).toEqual({ x: 0.9, y: 0.9 });
  });

  it('accepts the limits 0.6 and 1.6', () => {
    expect(uniformScale(0.6)).toEqual({ x: 0.6, y: 0.6 });
    expect(uniformScale(1.6)).toEqual({ x: 1.6, y: 1.6 });
  });

  it.each([0.59, 1.61, 5, 0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a uniform scale of %s (outside 0.6–1.6)',
    (factor) => {
      const error = refusal(() => uniformScale(factor));
      expect(error.code).toBe('scale.invalid');
      expect(error.field).toBe('scale');
      expect(error.message).toContain('0.6–1.6');
      expect(error.message).toContain(String(factor));
    },
  );

  it('refuses landmarks that give a scale outside 0.6–1.6 (a measurement in cm, say)', () => {
    const error = refusal(() => scaleFromLandmarks({ bizygomaticWidthMm: 13.3 }));
    expect(error.code).toBe('scale.invalid');
    expect(error.message).toContain('0.6–1.6');
    expect(error.message).toContain('mm');
    // only the height out of range
    expect(
      refusal(() => scaleFromLandmarks({ bizygomaticWidthMm: 133, lowerFaceHeightMm: 200 })).code,
    ).toBe('scale.invalid');
  });

  it('refuses landmarks with no distance given', () => {
    const error = refusal(() => scaleFromLandmarks({}));
    expect(error.code).toBe('scale.invalid');
    expect(error.field).toBe('landmarks');
    expect(error.message).toContain('bizygomaticWidthMm');
  });
});

describe('parseTemplate property: convex polygons on a circle', () => {
  /** Distinct, sorted angles from positive integer gaps: a strictly convex polygon. */
  const circlePolygon = fc
    .record({
      radius: fc.double({ min: 10, max: 100, noNaN: true }),
      centre: fc.tuple(
        fc.double({ min: -200, max: 200, noNaN: true }),
        fc.double({ min: -200, max: 200, noNaN: true }),
      ),
      gaps: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 3, maxLength: 40 }),
      offset: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      clockwise: fc.boolean(),
      repeatFirst: fc.boolean(),
    })
    .map(({ radius, centre, gaps, offset, clockwise, repeatFirst }) => {
      const total = gaps.reduce((s, g) => s + g, 0);
      let cumulative = 0;
      const angles = gaps.map((gap) => {
        const angle = offset + (2 * Math.PI * cumulative) / total;
        cumulative += gap;
        return angle;
      });
      let ring = angles.map((a) => [
        centre[0] + radius * Math.cos(a),
        centre[1] + radius * Math.sin(a),
      ]);
      if (clockwise) ring = ring.reverse();
      return { ring, input: repeatFirst ? [...ring, ring[0]] : ring };
    });

  it('is accepted when its area is at least 1 cm² (refused below), and keeps its shoelace area', () => {
    fc.assert(
      fc.property(circlePolygon, ({ ring, input }) => {
        const expected = shoelace(ring);
        if (expected < MIN_ZONE_AREA_MM2) {
          expectTemplateError({ zones: [{ id: 'round', polygon: input }] }, '"round"', '1 cm²');
          return;
        }
        const template = parseTemplate({ zones: [{ id: 'round', polygon: input }] });
        const polygon: RingMm = template.zones[0].polygon;
        expect(polygon).toEqual(ring);
        const area = geometry.areaMm2(polygon);
        expect(Math.abs(area - expected) / expected).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('includes the regular polygons, which are always accepted', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 100, noNaN: true }),
        fc.integer({ min: 3, max: 40 }),
        (radius, n) => {
          const ring = Array.from({ length: n }, (_, k) => [
            radius * Math.cos((2 * Math.PI * k) / n),
            radius * Math.sin((2 * Math.PI * k) / n),
          ]);
          const expected = (n * radius * radius * Math.sin((2 * Math.PI) / n)) / 2;
          const template = parseTemplate({ zones: [{ id: 'round', polygon: ring }] });
          const area = geometry.areaMm2(template.zones[0].polygon);
          expect(Math.abs(area - expected) / expected).toBeLessThanOrEqual(1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });
});
