/**
 * A triangle mesh on typed arrays. Node k is at (nodesXY[2k], nodesXY[2k+1]); triangle t has the
 * nodes triangles[3t..3t+2], counter-clockwise. Units are whatever the caller's are (mm in microcore).
 */
export interface Mesh {
  readonly nodesXY: Float64Array;
  readonly triangles: Uint32Array;
  readonly nodeCount: number;
  readonly triangleCount: number;
  /** 1 for nodes on the domain's boundary (outer or hole), else 0. */
  readonly boundaryNode: Uint8Array;
}

/** A closed polygon as interleaved x, y (not repeated at the end). */
export type Polygon = Float64Array | readonly number[];

export interface MeshQuality {
  /** Smallest interior angle over all triangles, degrees. */
  readonly minAngleDeg: number;
  /** Mean of 4√3·area / (sum of squared edges): 1 for equilateral, → 0 for slivers. */
  readonly meanShapeQuality: number;
  readonly minShapeQuality: number;
  readonly triangleCount: number;
  readonly nodeCount: number;
}
