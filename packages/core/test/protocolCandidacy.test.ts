import { describe, expect, it } from 'vitest';
import { assessCandidacy, CANDIDACY_RULES, type CandidacyInput } from '../src/index.js';

const noToAll = Object.fromEntries(CANDIDACY_RULES.checklist.map((q) => [q.code, false]));

function input(overrides: Partial<CandidacyInput> = {}): CandidacyInput {
  return {
    birthDate: '1980-06-15',
    screeningDate: '2026-11-25',
    fitzpatrickType: 2,
    answers: noToAll,
    ...overrides,
  };
}

const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);

describe('candidacy: age ≥ 22 on the screening date', () => {
  it('refuses 21 years 364 days and allows 22 years exactly', () => {
    const under = assessCandidacy(input({ birthDate: '2004-11-26', screeningDate: '2026-11-25' }));
    expect(under.decision).toBe('not-eligible');
    expect(codes(under)).toEqual(['age.under-minimum']);
    expect(under.reasons[0].message).toMatch(/is 21 on 2026-11-25.*on or after 2026-11-26/);
    expect(under.reasons[0].source).toMatch(/K202517/);
    expect(under.preCare).toEqual([]);
    const exactly = assessCandidacy(
      input({ birthDate: '2004-11-25', screeningDate: '2026-11-25' }),
    );
    expect(exactly.decision).toBe('eligible');
    expect(exactly.reasons).toEqual([]);
  });

  it('counts a 29 February birthday as reached on 1 March in a common year', () => {
    const born = '2004-02-29'; // turns 22 in 2026, a common year
    expect(assessCandidacy(input({ birthDate: born, screeningDate: '2026-02-28' })).decision).toBe(
      'not-eligible',
    );
    const reason = assessCandidacy(input({ birthDate: born, screeningDate: '2026-02-28' }))
      .reasons[0];
    expect(reason.message).toMatch(/on or after 2026-03-01/);
    expect(assessCandidacy(input({ birthDate: born, screeningDate: '2026-03-01' })).decision).toBe(
      'eligible',
    );
    // 29 February of a common year is not a birth date at all.
    expect(() => assessCandidacy(input({ birthDate: '2006-02-29' }))).toThrow(
      expect.objectContaining({ code: 'date.invalid', field: 'birthDate' }),
    );
  });

  it('does the same for every 29 February child (22 years after a leap year is never one)', () => {
    expect(
      assessCandidacy(input({ birthDate: '2000-02-29', screeningDate: '2022-02-28' })).decision,
    ).toBe('not-eligible');
    expect(
      assessCandidacy(input({ birthDate: '2000-02-29', screeningDate: '2022-03-01' })).decision,
    ).toBe('eligible');
  });
});

describe('candidacy: Fitzpatrick type', () => {
  it.each([1, 2, 3, 4] as const)('type %i (studied) is eligible without a flag', (type) => {
    const r = assessCandidacy(input({ fitzpatrickType: type }));
    expect(r).toMatchObject({ decision: 'eligible', reasons: [], flags: [] });
  });

  it.each([5, 6] as const)(
    'type %i without the acknowledgement is not eligible, saying what to record',
    (type) => {
      const r = assessCandidacy(input({ fitzpatrickType: type }));
      expect(r.decision).toBe('not-eligible');
      expect(codes(r)).toEqual(['fitzpatrick.v-vi-acknowledgement-missing']);
      expect(r.reasons[0].message).toContain(
        "record the acknowledgement 'fitzpatrick-v-vi-not-studied'",
      );
      expect(r.reasons[0].message).toContain(type === 5 ? 'type V ' : 'type VI ');
      expect(r.flags).toEqual([]);
    },
  );

  it.each([5, 6] as const)(
    'type %i with the acknowledgement is eligible with warnings and flagged',
    (type) => {
      const r = assessCandidacy(
        input({ fitzpatrickType: type, acknowledgements: ['fitzpatrick-v-vi-not-studied'] }),
      );
      expect(r.decision).toBe('eligible-with-warnings');
      expect(codes(r)).toEqual(['fitzpatrick.v-vi-not-studied']);
      expect(r.flags).toEqual(['follow-up.hyperpigmentation']);
      expect(r.reasons[0].message).toMatch(/hyperpigmentation/);
      expect(r.preCare).toHaveLength(3);
    },
  );

  it('refuses a type outside I–VI and an unknown acknowledgement', () => {
    for (const bad of [0, 7, 2.5, '3']) {
      expect(() => assessCandidacy(input({ fitzpatrickType: bad as never }))).toThrow(
        expect.objectContaining({ code: 'candidacy.invalid-input', field: 'fitzpatrickType' }),
      );
    }
    expect(() =>
      assessCandidacy(input({ fitzpatrickType: 5, acknowledgements: ['fitzpatrick-v-vi'] })),
    ).toThrow(expect.objectContaining({ field: 'acknowledgements[0]' }));
  });
});

describe('candidacy: the checklist', () => {
  it('holds every contraindication of docs/domain.md §5 and the two referral questions, each sourced', () => {
    const list = CANDIDACY_RULES.checklist;
    expect(list.filter((q) => q.outcome === 'not-eligible')).toHaveLength(11);
    expect(list.filter((q) => q.outcome === 'refer').map((q) => q.code)).toEqual([
      'smasLaxity',
      'expectsFacelift',
    ]);
    for (const q of list) {
      expect(q.question).toMatch(/\?$/);
      expect(q.source.length).toBeGreaterThan(10);
    }
    expect(new Set(list.map((q) => q.code)).size).toBe(list.length);
  });

  const contraindications = CANDIDACY_RULES.checklist.filter((q) => q.outcome === 'not-eligible');
  it.each(contraindications.map((q) => [q.code, q] as const))(
    'yes to %s → not eligible',
    (code, q) => {
      const r = assessCandidacy(input({ answers: { ...noToAll, [code]: true } }));
      expect(r.decision).toBe('not-eligible');
      expect(r.reasons).toEqual([{ code: q.reasonCode, message: q.message, source: q.source }]);
      expect(r.preCare).toEqual([]);
    },
  );

  it.each(['smasLaxity', 'expectsFacelift'])(
    'yes to %s → refer, naming the alternatives',
    (code) => {
      const r = assessCandidacy(input({ answers: { ...noToAll, [code]: true } }));
      expect(r.decision).toBe('refer');
      expect(r.reasons).toHaveLength(1);
      expect(r.reasons[0].message).toMatch(/surgical facelift/);
      expect(r.reasons[0].message).toMatch(/microfocused ultrasound/);
      expect(r.preCare).toEqual([]);
    },
  );

  it('refuses a missing answer, naming answers.<code>, and a non-boolean answer', () => {
    for (const q of CANDIDACY_RULES.checklist) {
      const { [q.code]: _dropped, ...rest } = noToAll;
      expect(() => assessCandidacy(input({ answers: rest }))).toThrow(
        expect.objectContaining({ code: 'candidacy.missing-answer', field: `answers.${q.code}` }),
      );
    }
    expect(() =>
      assessCandidacy(input({ answers: { ...noToAll, keloidHistory: 'no' as never } })),
    ).toThrow(expect.objectContaining({ field: 'answers.keloidHistory' }));
    expect(() => assessCandidacy(input({ answers: null as never }))).toThrow(
      expect.objectContaining({ field: 'answers' }),
    );
  });

  it('refuses an unknown answer code', () => {
    expect(() => assessCandidacy(input({ answers: { ...noToAll, pregnant: false } }))).toThrow(
      expect.objectContaining({ code: 'candidacy.unknown-answer', field: 'answers.pregnant' }),
    );
  });
});

describe('candidacy: precedence lists every reason', () => {
  it('not-eligible beats refer beats warnings, and all reasons are kept', () => {
    const r = assessCandidacy(
      input({
        birthDate: '2010-01-01',
        fitzpatrickType: 6,
        acknowledgements: ['fitzpatrick-v-vi-not-studied'],
        answers: {
          ...noToAll,
          smasLaxity: true,
          keloidHistory: true,
          pregnantOrBreastfeeding: true,
        },
      }),
    );
    expect(r.decision).toBe('not-eligible');
    expect(codes(r)).toEqual([
      'age.under-minimum',
      'fitzpatrick.v-vi-not-studied',
      'contraindication.keloid-history',
      'contraindication.pregnancy-or-breastfeeding',
      'refer.smas-laxity',
    ]);
    const referred = assessCandidacy(
      input({
        fitzpatrickType: 5,
        acknowledgements: ['fitzpatrick-v-vi-not-studied'],
        answers: { ...noToAll, expectsFacelift: true },
      }),
    );
    expect(referred.decision).toBe('refer');
    expect(codes(referred)).toEqual(['fitzpatrick.v-vi-not-studied', 'refer.facelift-expectation']);
  });
});

describe('candidacy: pre-care dates', () => {
  it('dates each instruction from the planned treatment date', () => {
    const r = assessCandidacy(input({ plannedTreatmentDate: '2027-01-10' }));
    expect(r.decision).toBe('eligible');
    expect(r.preCare.map((p) => [p.code, p.fromDate])).toEqual([
      ['stop-blood-thinning-medication', '2026-12-27'],
      ['avoid-sun-and-tanning', '2026-11-25'],
      ['shave-day-before', '2027-01-09'],
    ]);
    expect(r.preCare[0].instruction).toMatch(/aspirin.*NSAIDs.*fish oil.*vitamin E/);
    for (const p of r.preCare) expect(p.source).toMatch(/clinic guidelines/);
  });

  it('gives the instructions undated when no treatment is planned', () => {
    const r = assessCandidacy(input());
    expect(r.preCare.map((p) => p.fromDate)).toEqual([null, '2026-11-25', null]);
  });

  it('warns when the treatment is planned sooner than 14 days after screening', () => {
    const soon = assessCandidacy(input({ plannedTreatmentDate: '2026-12-08' }));
    expect(soon.decision).toBe('eligible-with-warnings');
    expect(codes(soon)).toEqual(['pre-care.short-notice']);
    expect(soon.reasons[0].message).toMatch(/move it to 2026-12-09 or later/);
    expect(assessCandidacy(input({ plannedTreatmentDate: '2026-12-09' })).decision).toBe(
      'eligible',
    );
  });

  it('refuses bad dates, naming the field', () => {
    expect(() => assessCandidacy(input({ screeningDate: '2026-02-30' }))).toThrow(
      expect.objectContaining({ code: 'date.invalid', field: 'screeningDate' }),
    );
    expect(() => assessCandidacy(input({ plannedTreatmentDate: '10/01/2027' }))).toThrow(
      expect.objectContaining({ field: 'plannedTreatmentDate' }),
    );
    expect(() => assessCandidacy(input({ plannedTreatmentDate: '2026-11-24' }))).toThrow(
      expect.objectContaining({ code: 'candidacy.invalid-input', field: 'plannedTreatmentDate' }),
    );
    expect(() => assessCandidacy(input({ birthDate: '2027-01-01' }))).toThrow(
      expect.objectContaining({ field: 'screeningDate' }),
    );
  });

  it('refuses a screening that is not an object', () => {
    expect(() => assessCandidacy(null as never)).toThrow(
      expect.objectContaining({ code: 'candidacy.invalid-input' }),
    );
  });

  it('is deterministic and does not mutate its input', () => {
    const i = input({ plannedTreatmentDate: '2027-01-10', acknowledgements: [] });
    const frozen = JSON.stringify(i);
    expect(assessCandidacy(i)).toEqual(assessCandidacy(i));
    expect(JSON.stringify(i)).toBe(frozen);
  });
});
