/**
 * @microcore/fem — generic 2D finite elements on typed arrays. Knows nothing about skin.
 */
export type { Material } from './elasticity/material.js';
export { planeStressMatrix } from './elasticity/material.js';
export {
  elementDeformationGradients,
  type HyperelasticProblem,
  type HyperelasticResult,
  homogeneousState,
  homogeneousStretch,
  lameConstants,
  largestPrincipalStretch,
  type NeoHookeanMaterial,
  type NeoHookeanPoint,
  type NewtonOptions,
  neoHookeanPoint,
  restingPoint,
  solveNeoHookean,
} from './elasticity/neoHookean.js';
export {
  type AssembledSystem,
  assembleElements,
  assemblePlaneStress,
  averageAtNodes,
  elementStrainsAndStresses,
  type PlaneStressElements,
  type PlaneStressProblem,
  planeStressElements,
  triangleCentroid,
  triangleGeometry,
} from './elasticity/planeStress.js';
export { type MeshOptions, meshPolygon } from './mesh/meshPolygon.js';
export { meshQuality } from './mesh/quality.js';
export { type Refinement, refineUniformly } from './mesh/refine.js';
export type { Mesh, MeshQuality, Polygon } from './mesh/types.js';
export { BandCholesky } from './solve/bandCholesky.js';
export { type MeshHierarchy, multigridSystem, refineRepeatedly } from './solve/hierarchy.js';
export { JacobiPreconditioner } from './solve/jacobi.js';
export { GeometricMultigrid, type MultigridLevel } from './solve/multigrid.js';
export {
  type CgOptions,
  type CgResult,
  conjugateGradient,
  dot,
  type Preconditioner,
} from './solve/pcg.js';
export { SparseCholesky } from './solve/sparseCholesky.js';
export { type CsrMatrix, diagonal, multiply, NodeBlockPattern } from './sparse/csr.js';
export { matrixMarketChunks, vectorMatrixMarketChunks } from './sparse/matrixMarket.js';
export { nestedDissectionOrder } from './sparse/nestedDissection.js';
