import type { StoredPlan } from '@microcore/core';
import type { Scene } from '../planner/drawScene';
import type { FaceFeature } from '../planner/faceLandmarks';
import { faceFeatures } from '../planner/faceLandmarks';
import { packPlan } from '../planner/packedPlan';
import { readStoredRequest, settingsScale } from '../planner/planSettings';
import { type BoundsMm, boundsOfRings } from '../planner/viewTransform';

/** The plan as the live view draws it under the session: the planner's own scene, nothing selected. */
export interface PlanScene {
  readonly scene: Scene;
  readonly bounds: BoundsMm;
  readonly coreDiameterMm: number;
  /** The planned cores per zone (for the refused ones a stored state names by index). */
  readonly plannedCores: readonly (readonly (readonly [number, number])[])[];
}

export function planScene(plan: StoredPlan, input: unknown): PlanScene {
  const request = readStoredRequest(input);
  let face: FaceFeature[];
  try {
    const landmarks = request?.landmarks;
    face = faceFeatures(
      settingsScale({
        landmarks: {
          bizygomaticWidthMm: landmarks?.bizygomaticWidthMm ?? null,
          lowerFaceHeightMm: landmarks?.lowerFaceHeightMm ?? null,
        },
      }),
    );
  } catch {
    face = faceFeatures();
  }
  const packed = packPlan(plan);
  const zones = plan.zones.map((z) => ({ id: z.id, polygon: z.polygon, planned: true }));
  return {
    scene: {
      face,
      zones,
      cores: {
        positionsMm: packed.positionsMm,
        zoneStarts: packed.zoneStarts,
        coreDiameterMm: plan.needle.coreDiameterMm,
      },
      exclusions: plan.zones.flatMap((z) => z.exclusions ?? []),
      selectedExclusion: -1,
      draft: null,
    },
    bounds: boundsOfRings([...face.map((f) => f.pointsMm), ...zones.map((z) => z.polygon)]),
    coreDiameterMm: plan.needle.coreDiameterMm,
    plannedCores: plan.zones.map((z) => z.cores),
  };
}
