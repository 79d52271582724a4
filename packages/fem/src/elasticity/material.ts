/**
 * Linear elastic materials for plane stress. Stresses in MPa (N/mm²) when lengths are in mm.
 * Voigt order: (εxx, εyy, γxy) with engineering shear strain γ = 2εxy.
 */
export type Material =
  | { readonly kind: 'isotropic'; readonly youngsModulusMPa: number; readonly poissonRatio: number }
  | {
      readonly kind: 'orthotropic';
      /** Modulus along the material's axis 1, and across it. */
      readonly e1MPa: number;
      readonly e2MPa: number;
      /** ν12: contraction along 2 per stretch along 1. */
      readonly nu12: number;
      readonly g12MPa: number;
      /** Angle of axis 1 from the x axis, radians (counter-clockwise). */
      readonly angleRad: number;
    };

/** The 3×3 plane-stress constitutive matrix D (σ = D ε), row-major. */
export function planeStressMatrix(material: Material): Float64Array {
  if (material.kind === 'isotropic') {
    const { youngsModulusMPa: e, poissonRatio: nu } = material;
    if (!(e > 0) || !(nu > -1 && nu < 0.5))
      throw new RangeError('isotropic material needs E > 0 and −1 < ν < 0.5');
    const f = e / (1 - nu * nu);
    return Float64Array.of(f, f * nu, 0, f * nu, f, 0, 0, 0, (f * (1 - nu)) / 2);
  }
  const { e1MPa: e1, e2MPa: e2, nu12, g12MPa: g12, angleRad } = material;
  const nu21 = (nu12 * e2) / e1;
  if (!(e1 > 0 && e2 > 0 && g12 > 0) || !(1 - nu12 * nu21 > 0)) {
    throw new RangeError('orthotropic material needs positive moduli and ν12·ν21 < 1');
  }
  const f = 1 / (1 - nu12 * nu21);
  const local = [f * e1, f * nu21 * e1, 0, f * nu12 * e2, f * e2, 0, 0, 0, g12];
  // Strain from global to material axes: ε' = T ε (engineering shear).
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  const t = [c * c, s * s, c * s, s * s, c * c, -c * s, -2 * c * s, 2 * c * s, c * c - s * s];
  // D = Tᵀ D' T
  const dt = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += local[3 * i + k] * t[3 * k + j];
      dt[3 * i + j] = sum;
    }
  }
  const d = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += t[3 * k + i] * dt[3 * k + j];
      d[3 * i + j] = sum;
    }
  }
  return d;
}
