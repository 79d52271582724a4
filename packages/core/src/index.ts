/**
 * @microcore/core — the Micro-Coring domain, pure and deterministic (no I/O, no clock).
 * This file is the public surface: what is not exported here is internal.
 */
export { DEFAULT_TEMPLATE } from './anatomy/defaultTemplate.js';
export {
  type Landmarks,
  REFERENCE_LANDMARKS,
  SCALE_RANGE,
  type ScaleFactors,
  scaleFromLandmarks,
  scaleTemplate,
  uniformScale,
} from './anatomy/scale.js';
export { MIN_ZONE_AREA_MM2, parseTemplate, validateTemplate } from './anatomy/template.js';
export type { FaceTemplate, Zone } from './anatomy/zones.js';
export * from './delivery/index.js';
export {
  checkBridge,
  checkCoreDiameter,
  checkCoverage,
  ENVELOPE,
  type PlanMode,
} from './device/envelope.js';
export { DEFAULT_HANDPIECE, type Handpiece } from './device/handpiece.js';
export {
  coreDiameterMm,
  DEFAULT_GAUGE,
  NEEDLES,
  type Needle,
  needleByGauge,
} from './device/needles.js';
export { isMicrocoreError, MicrocoreError, type MicrocoreErrorCode } from './errors.js';
export {
  ADVERSE_EVENT_RATES,
  type AdverseEventRate,
  betaPosterior,
  NOT_DRAWN,
  PROLONGED_ERYTHEMA_SHARE,
  type RateBasis,
  V_VI_INFORMATION_SHARE,
  vviBeta,
} from './evidence/adverseEventRates.js';
export {
  ADVERSE_EVENT_TYPES,
  type AdverseEventSummary,
  lastContactDay,
  type PatientAdverseEvent,
} from './evidence/adverseEvents.js';
export {
  CALIBRATION_WINDOWS,
  type CalibrationPoint,
  calibrateOutcomes,
  type OutcomeCalibration,
  type PredictedBesideObserved,
  predictedBesideObserved,
} from './evidence/calibration.js';
export {
  drawCohortResponse,
  drawModelPatient,
  drawWholeGrade,
  GAIS_MULTIPLES_OF_TAU,
  type ModelPatient,
  modelGais,
  modelImprovementGrades,
  V_VI_RESPONSE_SPREAD_FACTOR,
} from './evidence/cohortEfficacy.js';
export {
  type EvidenceContribution,
  evidenceContribution,
} from './evidence/contribution.js';
export {
  ageBand,
  type DeidentifiedJourney,
  type DeidentifiedPatient,
  type DeidentifyOptions,
  dateShiftDaysOf,
  deidentifyJourneys,
  pseudonymOf,
} from './evidence/deidentify.js';
export {
  type CountedDuration,
  type Duration,
  kaplanMeier,
  kaplanMeierOfCounts,
  type MedianDuration,
  medianDuration,
  medianDurationOfCounts,
  type SurvivalStep,
} from './evidence/kaplanMeier.js';
export {
  type CountedValue,
  type Interval,
  type MeanEstimate,
  meanOfCounts,
  meanWithInterval,
  median,
  pairedMeanDifference,
} from './evidence/meanInterval.js';
export {
  addContribution,
  type EvidencePartial,
  emptyEvidencePartial,
  evidencePartialOf,
  finishEvidence,
  mergeEvidencePartials,
  subtractContribution,
} from './evidence/partial.js';
export {
  type EvidenceJourney,
  type PatientCourse,
  SERIES_OVERDUE_DAYS,
  type SeriesStatus,
} from './evidence/patientOutcome.js';
export {
  clopperPearsonUpper,
  type ProportionEstimate,
  proportion,
} from './evidence/proportion.js';
export {
  betaDistributionQuantile,
  standardNormalQuantile,
  studentTQuantile,
} from './evidence/quantiles.js';
export {
  patientsForUpperBound,
  patientsPerGroupTwoProportions,
  rangeText,
  SAMPLE_SIZE_LIMITS,
  type SampleSizeRange,
  type SampleSizeWork,
  type TwoProportionsInput,
  type TwoProportionsSampleSize,
  type UpperBoundSampleSize,
  type UpperBoundSampleSizeInput,
} from './evidence/sampleSize.js';
export {
  aggregateEvidence,
  type DurabilitySummary,
  type EvidenceSummary,
  type Stratification,
  type StratumSummary,
  type SummaryOptions,
  summarizeEvidence,
  type WindowSummary,
} from './evidence/summary.js';
export {
  type CohortRates,
  drawCohortRates,
  type SyntheticCohortOptions,
  syntheticCohort,
} from './evidence/syntheticCohort.js';
export { wilsonInterval, Z_95_WILSON } from './evidence/wilson.js';
export {
  DEFAULT_DURABILITY,
  DEFAULT_WINDOWS,
  type DurabilityWindows,
  type FollowUpWindow,
} from './evidence/windows.js';
export { patientBundle } from './fhir/bundle.js';
export { PHOTO_VIEW_CODES } from './fhir/codeSystems.js';
export {
  ADVERSE_EVENT_TYPES_SYSTEM,
  EXTENSION as FHIR_EXTENSION,
  LOINC_FITZPATRICK,
  PHOTO_VIEWS_SYSTEM,
  SCALES_SYSTEM,
  SCREENING_QUESTIONNAIRE,
  TAGS_SYSTEM,
} from './fhir/codes.js';
export { fhirDefinitions } from './fhir/definitions.js';
export { extensionDefinitions as fhirExtensionDefinitions } from './fhir/extensions.js';
export { photoUrl } from './fhir/media.js';
export { type FhirExportContext, type FhirPlanSummary, fhirPlanSummary } from './fhir/types.js';
export type { PointMm, RingMm } from './geometry/polygon.js';
export * as geometry from './geometry/polygon.js';
export { simulateBridgePatch } from './heal/bridges.js';
export {
  type Calibration,
  calibrateResponse,
  calibrationInputs,
  formatCalibrationTables,
  RESPONSE_PRIORS,
} from './heal/calibrate.js';
export { type CouplingSurrogate, couplingSurrogate } from './heal/couplingSurrogate.js';
export { type DomainWarning, domainWarnings } from './heal/domainWarnings.js';
export {
  EVIDENCE_NOT_USED,
  EVIDENCE_TARGETS,
  type EvidenceTarget,
  STUDIED_DOMAIN,
} from './heal/evidenceTargets.js';
export { followUpPredictor, predictFollowUps } from './heal/followUpPrediction.js';
export {
  type FollowUpPrediction,
  type FollowUpPredictionInputs,
  PREDICTION_DEFAULTS,
  PREDICTION_FOLLOW_UP_DAYS,
  PREDICTION_INTERVAL_COVERAGE,
  type PredictedImprovement,
} from './heal/followUpPredictionTypes.js';
export {
  type CohortOutcome,
  type CohortOutcomeOnDay,
  cohortOutcome,
  cohortOutcomeOnDays,
  normalDraws,
  POSTERIOR_DRAWS,
  posteriorIndices,
  REFERENCE_DAY,
} from './heal/outcome.js';
export {
  DEFAULT_TENSION_ANGLE_DEG,
  defaultParameterValues,
  HEALING_PARAMETERS,
  type HealingParameterName,
  type HealingParameterValues,
  ZONE_TENSION_ANGLE_DEG,
} from './heal/parameters.js';
export { planPatch } from './heal/planPatch.js';
export {
  durability,
  improvedProbability,
  lemperleChange,
  meanImprovedProbability,
  normalCdf,
  PUBLISHED_FOLLOW_UP_DAYS,
  type ResponseParameters,
} from './heal/response.js';
export { RESPONSE_POSTERIOR } from './heal/responsePosterior.js';
export {
  DEFAULT_DAYS,
  type SimulationRun,
  sampleCohort,
  simulateTreatment,
} from './heal/simulate.js';
export { SortFromLastOrder, sortsBefore } from './heal/sortFromLastOrder.js';
export {
  type FieldSolveOptions,
  solveTighteningField,
  solveTighteningFieldOn,
  type TighteningDomain,
  type TighteningField,
  type TighteningSolver,
  tighteningDomain,
  tighteningSolver,
} from './heal/tightening.js';
export { parameterQuantile, triangularQuantile } from './heal/triangular.js';
export * from './heal/types.js';
export {
  areaLossFraction,
  areaLossShare,
  cohortSeriesAreaLossFraction,
  epithelialCover,
  gapedHole,
  openAreaFraction,
  seriesAreaLossFraction,
} from './heal/woundCourse.js';
export { createPlanner, type Planner, type PlannerOptions } from './plan/createPlanner.js';
export {
  capFraction,
  type DensestWindow,
  densestWindow,
  densestWindowAcrossZones,
  WINDOW_BOUND_LEVELS,
} from './plan/densestWindow.js';
export { checkExclusions, MAX_EXCLUSION_POINTS, MAX_EXCLUSIONS } from './plan/exclusions.js';
export { bridgeStats, nearestNeighbourDistancesMm } from './plan/metrics.js';
export { planTreatment } from './plan/planner.js';
export {
  type PoissonDiskOptions,
  type PoissonDiskResult,
  type SamplingDomain,
  samplePoissonDisk,
} from './plan/poissonDisk.js';
export { landmarkScale, type PlanRequest, planInputFromRequest } from './plan/request.js';
export { checkPlanSize, estimatedCores, MAX_PLAN_CORES } from './plan/size.js';
export * from './plan/types.js';
export { RectangleDomain, ZoneDomain } from './plan/zoneDomain.js';
export {
  type SeriesCalendarInput,
  seriesToIcs,
  TIMED_EVENT_MINUTES,
} from './protocol/calendar.js';
export {
  assessCandidacy,
  type CandidacyInput,
  type CandidacyResult,
  type PreCareItem,
} from './protocol/candidacy.js';
export {
  CANDIDACY_RULES,
  type ChecklistOutcome,
  type ChecklistQuestion,
  type PreCareInstruction,
  type PreCareStart,
} from './protocol/candidacyRules.js';
export { addDays } from './protocol/dates.js';
export {
  type AftercareItem,
  checkSessionInterval,
  laxityCategory,
  recommendedSessions,
  resolveSeriesSettings,
  type ScheduledSession,
  type ScheduleSeriesInput,
  type SeriesSchedule,
  type SeriesWarning,
  scheduleSeries,
} from './protocol/series.js';
export {
  type AftercareInstruction,
  defaultSeriesSettings,
  type LaxityCategory,
  SERIES_SETTINGS,
  type SeriesSettings,
} from './protocol/seriesSettings.js';
export {
  GAIS_SCALE,
  LEMPERLE_SCALE,
  SATISFACTION_SCALE,
  type Scale,
  type ScaleGrade,
  scaleInWords,
} from './records/scales.js';
export * from './records/types.js';
export { planToSvg } from './render/planSvg.js';
export { simulationToSvg } from './render/simulationSvg.js';
export { Rng } from './rng.js';
