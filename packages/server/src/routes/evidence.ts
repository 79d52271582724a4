import {
  aggregateEvidence,
  patientsForUpperBound,
  patientsPerGroupTwoProportions,
  rangeText,
  SAMPLE_SIZE_LIMITS,
  type SampleSizeRange,
} from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedRead, signedIn } from '../audited.js';
import type { RouteContext } from '../context.js';
import type { Role } from '../db/schema.js';
import {
  readClinicContributions,
  refreshClinicContributions,
} from '../evidence/clinicContributions.js';
import { DeidentifyKey } from '../evidence/deidentifyKey.js';
import { snapshotCutoff } from '../evidence/researchPool.js';
import { ResearchSnapshots } from '../evidence/researchSnapshot.js';
import { invalid, Problem } from '../http/problems.js';
import { commonErrors } from './schemas.js';

/** Evidence is for the clinic's admins and for researchers (never identifying). */
export const EVIDENCE_READERS: readonly Role[] = ['admin', 'researcher'];

/**
 * A number within one of the core's sample-size limits (SAMPLE_SIZE_LIMITS, where each range and
 * its reason live): a value outside is a 422 that names the field and says the range, before the
 * core is asked. The core checks the same ranges, and what depends on two fields (the bound's
 * margin above the rate, the largest study), itself.
 */
const within = (range: SampleSizeRange, what: string) => {
  const error = `must be ${rangeText(range)}`;
  return z.coerce
    .number()
    .min(range.min, { error })
    .max(range.max, { error })
    .optional()
    .describe(`${what}; ${rangeText(range)}`);
};

const sampleSizeQuery = z.strictObject({
  design: z
    .enum(['upper-bound', 'two-proportions'])
    .describe(
      `\`upper-bound\`: patients needed so the one-sided upper confidence bound on a rate (e.g. hyperpigmentation in Fitzpatrick V–VI) stays below \`maxUpperBound\`; \`two-proportions\`: patients per group to detect \`rate1\` against \`rate2\`. A study needing more than ${SAMPLE_SIZE_LIMITS.maxPatients} patients (per group) is refused (422).`,
    ),
  expectedRate: within(SAMPLE_SIZE_LIMITS.expectedRate, 'upper-bound: the rate expected'),
  maxUpperBound: within(
    SAMPLE_SIZE_LIMITS.maxUpperBound,
    `upper-bound: the bound the study must show, at least ${SAMPLE_SIZE_LIMITS.marginAboveExpectedRate} above expectedRate`,
  ),
  oneSidedAlpha: within(
    SAMPLE_SIZE_LIMITS.oneSidedAlpha,
    'upper-bound: one-sided alpha (default 0.05)',
  ),
  rate1: within(SAMPLE_SIZE_LIMITS.rate, 'two-proportions: the rate in one group (e.g. V–VI)'),
  rate2: within(SAMPLE_SIZE_LIMITS.rate, 'two-proportions: the rate in the other (e.g. I–IV)'),
  alpha: within(SAMPLE_SIZE_LIMITS.alpha, 'two-proportions: two-sided alpha (default 0.05)'),
  power: within(SAMPLE_SIZE_LIMITS.power, 'two-proportions: power (default 0.8)'),
});

/** What every evidence answer says it is: observed outcomes, not the simulation's estimates. */
export const OBSERVED_LABEL =
  'Observed outcomes of recorded patients (follow-up assessments and adverse events as ' +
  'recorded), not model estimates or predictions; intervals are 95 % confidence intervals.';

export const SCOPE_LABEL = {
  clinic: "this clinic's patients (all, archived included), identified records aggregated",
  'pooled-deidentified':
    'patients of every clinic with an active research consent, de-identified (pseudonyms, ' +
    'age bands, dates shifted per patient)',
} as const;

export const includeSynthetic = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true')
  .describe(
    'pooled scope: include the demo clinic’s synthetic patients (default false; they are never mixed into real evidence unless asked)',
  );

export const scopeQuery = z
  .enum(['clinic', 'pooled'])
  .optional()
  .describe(
    "`clinic`: the admin's own clinic (an admin's default; not for researchers); `pooled`: every clinic's research-consenting patients, de-identified (a researcher's only scope)",
  );

/** The scope asked for, or the role's default; a researcher asking for the clinic is refused. */
export function evidenceScope(
  user: { readonly role: Role },
  asked: 'clinic' | 'pooled' | undefined,
): 'clinic' | 'pooled' {
  const scope = asked ?? (user.role === 'admin' ? 'clinic' : 'pooled');
  if (scope === 'clinic' && user.role !== 'admin')
    throw new Problem(
      'forbidden',
      `the ${user.role} role sees pooled de-identified records only (scope=pooled)`,
    );
  return scope;
}

const summaryQuery = z.strictObject({
  stratify: z
    .enum(['none', 'fitzpatrick', 'sessions'])
    .optional()
    .describe('strata: none (default), Fitzpatrick type I–VI, or sessions done (1, 2, 3+)'),
  scope: scopeQuery,
  includeSynthetic,
});

export const evidenceMeta = {
  scope: z.enum(['clinic', 'pooled-deidentified']),
  basis: z.literal('observed-outcomes'),
  label: z.string(),
  scopeLabel: z.string(),
  patients: z.number().describe('journeys considered (treated and not treated)'),
  syntheticPatients: z
    .number()
    .describe('of them, generated demo patients (the demo clinic’s synthetic cohort), not people'),
  asOf: z
    .string()
    .nullable()
    .describe(
      'pooled scope: the snapshot day — records entered up to its end (the last day of the previous quarter); null for the clinic scope (live)',
    ),
};

export function evidenceRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const key = new DeidentifyKey(context.db, context.config.deidentifyKey);
    const snapshots = new ResearchSnapshots(context.db);

    app.get(
      '/api/evidence/summary',
      {
        config: {
          roles: EVIDENCE_READERS,
          audit: { action: 'evidence.summary', resourceType: 'evidence' },
        },
        schema: {
          operationId: 'getEvidenceSummary',
          summary: 'Outcome statistics: Lemperle change, responders, GAIS, adverse events',
          description:
            'summarizeEvidence (docs/evidence.md) over the admin’s clinic (`scope: clinic`), or ' +
            'for researchers over the pooled de-identified records of every clinic’s patients ' +
            'with an active research consent (`scope: pooled-deidentified`). Observed outcomes, ' +
            'not model estimates. A patient with sessions still booked is mid-series: in the ' +
            'adverse events, not yet in the results. Adverse-event durations are Kaplan–Meier ' +
            'medians, an open event counted as lasting at least to the patient’s last contact. ' +
            'Audited as a read of patient data.',
          tags: ['evidence'],
          querystring: summaryQuery,
          response: {
            200: z.object(evidenceMeta).catchall(z.unknown()),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const user = signedIn(request);
        const stratify = request.query.stratify ?? 'none';
        const scope = evidenceScope(user, request.query.scope);
        const answerScope =
          scope === 'clinic' ? ('clinic' as const) : ('pooled-deidentified' as const);
        const meta = {
          scope: answerScope,
          basis: 'observed-outcomes' as const,
          label: OBSERVED_LABEL,
          scopeLabel: SCOPE_LABEL[answerScope],
        };
        if (scope === 'pooled') {
          // From the quarter's snapshot (evidence/researchSnapshot.ts), brought up to date first;
          // pooled dates are shifted per patient, so no common today is passed to the summary.
          const asOf = snapshotCutoff(context.clock());
          const pooled = await snapshots.summary(
            await key.get(),
            asOf,
            request.query.includeSynthetic,
            stratify,
          );
          return auditedRead(context, request, async () => ({
            value: {
              ...meta,
              patients: pooled.patients,
              syntheticPatients: pooled.syntheticPatients,
              asOf,
              ...pooled.summary,
            },
            resourceId: null,
          }));
        }
        // The patients changed since the last request, recomputed (evidence/clinicContributions.ts).
        await refreshClinicContributions(context.db, user.clinicId);
        return auditedRead(context, request, async ({ tx, today }) => {
          const clinic = await readClinicContributions(tx, user.clinicId);
          // The clinic's today tells an unfinished series from a stopped one.
          const summary = aggregateEvidence(clinic.contributions, { stratify, asOf: today });
          return {
            value: {
              ...meta,
              patients: clinic.patients,
              syntheticPatients: clinic.syntheticPatients,
              asOf: null,
              ...summary,
            },
            resourceId: null,
          };
        });
      },
    );

    app.get(
      '/api/evidence/records',
      {
        config: {
          roles: EVIDENCE_READERS,
          audit: { action: 'evidence.records', resourceType: 'evidence' },
        },
        schema: {
          operationId: 'listEvidenceRecords',
          summary: 'The pooled de-identified records (researchers’ view)',
          description:
            'Every clinic’s patients with an active research consent, de-identified by the core ' +
            '(docs/evidence.md): a keyed pseudonym, a 5-year age band, dates shifted per ' +
            'patient; no names, contact data, birth dates, record ids, free text or photos. ' +
            'Ordered by pseudonym. Audited as a read of patient data.',
          tags: ['evidence'],
          querystring: z.strictObject({ includeSynthetic }),
          response: {
            200: z.object({
              ...evidenceMeta,
              items: z.array(z.record(z.string(), z.unknown())),
            }),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const asOf = snapshotCutoff(context.clock());
        const pooled = await snapshots.journeys(
          await key.get(),
          asOf,
          request.query.includeSynthetic,
        );
        return auditedRead(context, request, async () => ({
          value: {
            scope: 'pooled-deidentified' as const,
            basis: 'observed-outcomes' as const,
            label: OBSERVED_LABEL,
            scopeLabel: SCOPE_LABEL['pooled-deidentified'],
            patients: pooled.patients,
            syntheticPatients: pooled.syntheticPatients,
            asOf,
            items: pooled.items as unknown as Record<string, unknown>[],
          },
          resourceId: null,
        }));
      },
    );

    app.get(
      '/api/evidence/sample-size',
      {
        config: {
          roles: EVIDENCE_READERS,
          // Arithmetic on the query, no patient data: refusals are recorded, answers are not.
          audit: { action: 'evidence.sample-size', resourceType: 'evidence', reads: 'unrecorded' },
        },
        schema: {
          operationId: 'getSampleSize',
          summary: 'Sample size for the study the evidence lacks (Fitzpatrick V–VI)',
          tags: ['evidence'],
          querystring: sampleSizeQuery,
          response: { 200: z.record(z.string(), z.unknown()), ...commonErrors },
        },
      },
      async (request) => {
        const q = request.query;
        const need = (name: keyof typeof q): number => {
          const value = q[name];
          if (typeof value !== 'number') throw invalid(name, `required for design=${q.design}`);
          return value;
        };
        if (q.design === 'upper-bound') {
          const result = patientsForUpperBound({
            expectedRate: need('expectedRate'),
            maxUpperBound: need('maxUpperBound'),
            ...(q.oneSidedAlpha === undefined ? {} : { oneSidedAlpha: q.oneSidedAlpha }),
          });
          return { design: q.design, ...result };
        }
        const result = patientsPerGroupTwoProportions({
          rate1: need('rate1'),
          rate2: need('rate2'),
          ...(q.alpha === undefined ? {} : { alpha: q.alpha }),
          ...(q.power === undefined ? {} : { power: q.power }),
        });
        return { design: q.design, ...result };
      },
    );
  };
}
