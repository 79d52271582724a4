/** @microcore/server — the clinic HTTP API, its storage, accounts, tenancy and audit trail. */
export { type App, type AppOptions, buildApp, REDACT_PATHS, type RouteEntry } from './app.js';
export { canonicalJson, chainHash, GENESIS_HASH, verifyAudit } from './audit.js';
export { hashPassword, verifyPassword } from './auth/password.js';
export { configFromEnv, DEFAULT_CONFIG, type ServerConfig } from './config.js';
export { MIGRATIONS_DIR, migrate } from './db/migrate.js';
export { type Db, inClinic, openStorage, type Storage } from './db/open.js';
export { insertCohort, prepareCohort } from './demoCohort.js';
export { readClinicContributions } from './evidence/clinicContributions.js';
export { loadClinicEvidence } from './evidence/clinicEvidence.js';
// The evidence benchmark's peer: the per-request path the snapshot and the narrow loader replaced.
export { deidentifiedPool, snapshotCutoff } from './evidence/researchPool.js';
export { PROBLEM_BASE, PROBLEMS } from './http/problems.js';
export { loadClinicJourneys } from './journeys.js';
export { type RunningServer, runFromEnv, startServer } from './main.js';
export { copyStoredPlan, type NewPlan, storePlan } from './records/plan.js';
export { type StoredPlanForm, toStoredPlanForm } from './records/planCores.js';
export { createClinic, seedDemo } from './seed.js';
