import { migrate } from '../../server/src/db/migrate.js';
import { openStorage } from '../../server/src/db/open.js';
import { createClinic, seedDemo } from '../../server/src/seed.js';
import { DEMO_PASSWORD } from './harness.js';

/**
 * A second clinic beside the demo one, for the browser tests of tenancy (another clinic's patient
 * is not found) and of the clinic picker (one email and password in two clinics). No API route
 * creates a clinic, so it is written straight into the database folder before the server starts
 * (startSite's `prepare`), with the demo clinic first, as the server itself would seed it.
 */
export const OTHER_CLINIC_NAME = 'Harbour Skin Clinic';
export const OTHER_CLINICIAN = 'clinician@harbour.clinic';
/** An email with the same password in both clinics (the demo clinic's user is added by its admin). */
export const SHARED_EMAIL = 'locum@microcore.test';
export const OTHER_PASSWORD = 'harbour-lights-over-grey-water';

/** startSite's `prepare`: the demo clinic as the server would seed it, then the other clinic. */
export async function seedOtherClinic(
  databaseDir: string,
  { demoPatients }: { demoPatients: number },
): Promise<void> {
  const storage = await openStorage({ dataDir: databaseDir });
  try {
    await migrate(storage.db);
    await seedDemo(storage.db, DEMO_PASSWORD, { syntheticPatients: demoPatients });
    await createClinic(storage.db, OTHER_CLINIC_NAME, [
      { email: OTHER_CLINICIAN, role: 'clinician', password: OTHER_PASSWORD },
      { email: SHARED_EMAIL, role: 'clinician', password: OTHER_PASSWORD },
    ]);
  } finally {
    await storage.close();
  }
}
