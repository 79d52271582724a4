import Constrainautor from '@kninnug/constrainautor';
import Delaunator from 'delaunator';
import type { Mesh, Polygon } from './types.js';

export interface MeshOptions {
  /** Target edge length: a number, or a size field h(x, y) > 0 (same units as the polygon). */
  readonly size: number | ((x: number, y: number) => number);
}

/**
 * Mesh a polygon with holes into triangles. Delaunator triangulates, Constrainautor recovers the
 * boundary edges; what is written here is only what those libraries do not do: placing the
 * points. The boundary is split at the local size; the interior gets a hexagonal lattice (at the
 * smallest size, thinned to the local size where a size field grades it), kept 0.6 h from the
 * boundary so no sliver forms there. A uniform size gives near-equilateral triangles.
 */
export function meshPolygon(outer: Polygon, holes: readonly Polygon[], options: MeshOptions): Mesh {
  const uniformSize = typeof options.size === 'number';
  const sizeAt = typeof options.size === 'number' ? constant(options.size) : options.size;
  const rings = [outer, ...holes].map((ring) => Float64Array.from(ring));
  for (const ring of rings) {
    if (ring.length < 6 || ring.length % 2 !== 0)
      throw new RangeError('a polygon needs at least 3 points (x, y pairs)');
  }

  // 1. Boundary points and the segments to constrain.
  const xs: number[] = [];
  const ys: number[] = [];
  const segments: Array<[number, number]> = [];
  let hMin = Number.POSITIVE_INFINITY;
  let hMax = 0;
  for (const ring of rings) {
    const n = ring.length / 2;
    const first = xs.length;
    for (let i = 0; i < n; i++) {
      const ax = ring[2 * i];
      const ay = ring[2 * i + 1];
      const bx = ring[(2 * i + 2) % ring.length];
      const by = ring[(2 * i + 3) % ring.length];
      const h = checkedSize(sizeAt, (ax + bx) / 2, (ay + by) / 2);
      hMin = Math.min(hMin, h);
      hMax = Math.max(hMax, h);
      const pieces = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / h));
      for (let k = 0; k < pieces; k++) {
        xs.push(ax + ((bx - ax) * k) / pieces);
        ys.push(ay + ((by - ay) * k) / pieces);
      }
    }
    const last = xs.length;
    for (let k = first; k < last; k++) segments.push([k, k + 1 < last ? k + 1 : first]);
  }
  const boundaryCount = xs.length;

  // 2. Interior points: a hexagonal lattice row by row, inside by the even-odd rule on each row.
  const edges = collectEdges(rings);
  if (!uniformSize) {
    // The smallest size anywhere inside sets the lattice; sample the field over the bounding box.
    const [sx0, sy0, sx1, sy1] = bounds(edges);
    for (let i = 0; i <= 100; i++) {
      for (let j = 0; j <= 100; j++) {
        const h = checkedSize(sizeAt, sx0 + ((sx1 - sx0) * i) / 100, sy0 + ((sy1 - sy0) * j) / 100);
        hMin = Math.min(hMin, h);
        hMax = Math.max(hMax, h);
      }
    }
  }
  const near = new EdgeBuckets(edges, hMax);
  const spacing = hMin;
  const thinning = uniformSize ? undefined : new PointHash(hMin);
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let k = 1; k < edges.length; k += 2) {
    minY = Math.min(minY, edges[k]);
    maxY = Math.max(maxY, edges[k]);
  }
  const rowStep = (spacing * Math.sqrt(3)) / 2;
  const crossings: number[] = [];
  for (let row = 0, y = minY + rowStep / 2; y < maxY; row++, y += rowStep) {
    crossings.length = 0;
    for (let e = 0; e < edges.length; e += 4) {
      const y0 = edges[e + 1];
      const y1 = edges[e + 3];
      if (y0 > y !== y1 > y)
        crossings.push(edges[e] + ((y - y0) * (edges[e + 2] - edges[e])) / (y1 - y0));
    }
    crossings.sort((a, b) => a - b);
    const shift = row % 2 === 0 ? 0 : spacing / 2;
    for (let c = 0; c + 1 < crossings.length; c += 2) {
      const x0 = crossings[c];
      const x1 = crossings[c + 1];
      for (let x = Math.ceil((x0 - shift) / spacing) * spacing + shift; x < x1; x += spacing) {
        const h = uniformSize ? spacing : checkedSize(sizeAt, x, y);
        if (near.within(x, y, 0.6 * h)) continue;
        if (thinning) {
          if (thinning.anyWithin(x, y, 0.85 * h)) continue;
          thinning.add(x, y);
        }
        // A small fixed jitter breaks the lattice's exact cocircularity, which the edge
        // recovery's flips otherwise meet as ties.
        const jitter = 1e-3 * spacing * hash01(row, Math.round(x / spacing));
        xs.push(x + jitter);
        ys.push(y - jitter);
      }
    }
  }

  // 3. Triangulate, recover the boundary, keep the triangles inside. Four far corners keep the
  // domain's own boundary off the convex hull, where nearly collinear boundary points would
  // otherwise leave degenerate hull triangles that the edge recovery cannot flip.
  const nodeCount = xs.length;
  const [bx0, by0, bx1, by1] = bounds(edges);
  const margin = Math.max(bx1 - bx0, by1 - by0);
  const coords = new Float64Array(2 * nodeCount + 8);
  for (let k = 0; k < nodeCount; k++) {
    coords[2 * k] = xs[k];
    coords[2 * k + 1] = ys[k];
  }
  coords.set(
    [
      bx0 - margin,
      by0 - margin,
      bx1 + margin,
      by0 - margin,
      bx1 + margin,
      by1 + margin,
      bx0 - margin,
      by1 + margin,
    ],
    2 * nodeCount,
  );
  const delaunay = new Delaunator(coords);
  const constrainer = new Constrainautor(delaunay);
  for (const [a, b] of segments) constrainer.constrainOne(a, b);
  const all = delaunay.triangles;
  const kept: number[] = [];
  for (let t = 0; t < all.length; t += 3) {
    const a = all[t];
    const b = all[t + 1];
    const c = all[t + 2];
    if (a >= nodeCount || b >= nodeCount || c >= nodeCount) continue;
    const cx = (coords[2 * a] + coords[2 * b] + coords[2 * c]) / 3;
    const cy = (coords[2 * a + 1] + coords[2 * b + 1] + coords[2 * c + 1]) / 3;
    if (!insideEvenOdd(edges, cx, cy)) continue;
    // Counter-clockwise in a y-up frame.
    const twiceArea =
      (coords[2 * b] - coords[2 * a]) * (coords[2 * c + 1] - coords[2 * a + 1]) -
      (coords[2 * b + 1] - coords[2 * a + 1]) * (coords[2 * c] - coords[2 * a]);
    if (Math.abs(twiceArea) < 1e-9 * hMin * hMin) continue; // collinear boundary points
    if (twiceArea > 0) kept.push(a, b, c);
    else kept.push(a, c, b);
  }
  const boundaryNode = new Uint8Array(nodeCount);
  boundaryNode.fill(1, 0, boundaryCount);
  const triangles = Uint32Array.from(kept);
  const nodesXY = coords.slice(0, 2 * nodeCount);
  smooth(nodesXY, triangles, boundaryNode, 4);
  return {
    nodesXY,
    triangles,
    nodeCount,
    triangleCount: kept.length / 3,
    boundaryNode,
  };
}

/**
 * Laplacian smoothing of the interior nodes: each moves to the mean of its neighbours, unless the
 * move would fold one of its triangles. It evens out where the lattice meets the boundary.
 */
function smooth(
  coords: Float64Array,
  triangles: Uint32Array,
  boundary: Uint8Array,
  passes: number,
): void {
  const n = boundary.length;
  const start = new Int32Array(n + 1);
  for (const v of triangles) start[v + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const incident = new Int32Array(triangles.length);
  for (let t = 0; t < triangles.length; t++) incident[fill[triangles[t]]++] = Math.floor(t / 3);
  const orientedArea = (t: number) => {
    const a = triangles[3 * t];
    const b = triangles[3 * t + 1];
    const c = triangles[3 * t + 2];
    return (
      (coords[2 * b] - coords[2 * a]) * (coords[2 * c + 1] - coords[2 * a + 1]) -
      (coords[2 * b + 1] - coords[2 * a + 1]) * (coords[2 * c] - coords[2 * a])
    );
  };
  for (let pass = 0; pass < passes; pass++) {
    for (let v = 0; v < n; v++) {
      if (boundary[v] || start[v] === start[v + 1]) continue;
      let sx = 0;
      let sy = 0;
      let count = 0;
      for (let k = start[v]; k < start[v + 1]; k++) {
        const t = incident[k];
        for (let i = 0; i < 3; i++) {
          const w = triangles[3 * t + i];
          if (w === v) continue;
          sx += coords[2 * w];
          sy += coords[2 * w + 1];
          count++;
        }
      }
      const oldX = coords[2 * v];
      const oldY = coords[2 * v + 1];
      coords[2 * v] = sx / count;
      coords[2 * v + 1] = sy / count;
      for (let k = start[v]; k < start[v + 1]; k++) {
        if (orientedArea(incident[k]) <= 0) {
          coords[2 * v] = oldX;
          coords[2 * v + 1] = oldY;
          break;
        }
      }
    }
  }
}

function bounds(edges: Float64Array): [number, number, number, number] {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let e = 0; e < edges.length; e += 2) {
    x0 = Math.min(x0, edges[e]);
    x1 = Math.max(x1, edges[e]);
    y0 = Math.min(y0, edges[e + 1]);
    y1 = Math.max(y1, edges[e + 1]);
  }
  return [x0, y0, x1, y1];
}

/** A deterministic pseudo-random number in [−1, 1) from two integers. */
function hash01(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b ^ 0xc2b2ae35, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return ((h ^ (h >>> 12)) >>> 0) / 2 ** 31 - 1;
}

function constant(h: number): (x: number, y: number) => number {
  return () => h;
}

function checkedSize(sizeAt: (x: number, y: number) => number, x: number, y: number): number {
  const h = sizeAt(x, y);
  if (!(h > 0) || !Number.isFinite(h))
    throw new RangeError(`mesh size must be a positive number, got ${h} at (${x}, ${y})`);
  return h;
}

/** All ring edges as x0, y0, x1, y1 quadruples. */
function collectEdges(rings: readonly Float64Array[]): Float64Array {
  const count = rings.reduce((sum, ring) => sum + ring.length / 2, 0);
  const edges = new Float64Array(4 * count);
  let e = 0;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) {
      edges[e++] = ring[i];
      edges[e++] = ring[i + 1];
      edges[e++] = ring[(i + 2) % ring.length];
      edges[e++] = ring[(i + 3) % ring.length];
    }
  }
  return edges;
}

function insideEvenOdd(edges: Float64Array, x: number, y: number): boolean {
  let inside = false;
  for (let e = 0; e < edges.length; e += 4) {
    const y0 = edges[e + 1];
    const y1 = edges[e + 3];
    if (y0 > y !== y1 > y && x < edges[e] + ((y - y0) * (edges[e + 2] - edges[e])) / (y1 - y0))
      inside = !inside;
  }
  return inside;
}

/** Edges bucketed on a grid, to find quickly whether a point is near any of them. */
class EdgeBuckets {
  private readonly cells = new Map<number, number[]>();
  constructor(
    private readonly edges: Float64Array,
    private readonly cellSize: number,
  ) {
    for (let e = 0; e < edges.length; e += 4) {
      const i0 = Math.floor((Math.min(edges[e], edges[e + 2]) - cellSize) / cellSize);
      const i1 = Math.floor((Math.max(edges[e], edges[e + 2]) + cellSize) / cellSize);
      const j0 = Math.floor((Math.min(edges[e + 1], edges[e + 3]) - cellSize) / cellSize);
      const j1 = Math.floor((Math.max(edges[e + 1], edges[e + 3]) + cellSize) / cellSize);
      for (let i = i0; i <= i1; i++) {
        for (let j = j0; j <= j1; j++) {
          const key = i * 1_000_003 + j;
          const list = this.cells.get(key);
          if (list) list.push(e);
          else this.cells.set(key, [e]);
        }
      }
    }
  }

  /** Whether some edge is closer than `distance` (≤ the cell size) to (x, y). */
  within(x: number, y: number, distance: number): boolean {
    const list = this.cells.get(
      Math.floor(x / this.cellSize) * 1_000_003 + Math.floor(y / this.cellSize),
    );
    if (!list) return false;
    const e2 = this.edges;
    for (const e of list) {
      const ux = e2[e + 2] - e2[e];
      const uy = e2[e + 3] - e2[e + 1];
      const length2 = ux * ux + uy * uy;
      const t =
        length2 > 0
          ? Math.max(0, Math.min(1, ((x - e2[e]) * ux + (y - e2[e + 1]) * uy) / length2))
          : 0;
      const dx = x - (e2[e] + t * ux);
      const dy = y - (e2[e + 1] + t * uy);
      if (dx * dx + dy * dy < distance * distance) return true;
    }
    return false;
  }
}

/** Accepted interior points on a grid, for thinning a graded lattice. */
class PointHash {
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly cellSize: number) {}

  add(x: number, y: number): void {
    const key = Math.floor(x / this.cellSize) * 1_000_003 + Math.floor(y / this.cellSize);
    const list = this.cells.get(key);
    if (list) list.push(x, y);
    else this.cells.set(key, [x, y]);
  }

  anyWithin(x: number, y: number, distance: number): boolean {
    const reach = Math.ceil(distance / this.cellSize);
    const ci = Math.floor(x / this.cellSize);
    const cj = Math.floor(y / this.cellSize);
    for (let i = ci - reach; i <= ci + reach; i++) {
      for (let j = cj - reach; j <= cj + reach; j++) {
        const list = this.cells.get(i * 1_000_003 + j);
        if (!list) continue;
        for (let k = 0; k < list.length; k += 2) {
          const dx = list[k] - x;
          const dy = list[k + 1] - y;
          if (dx * dx + dy * dy < distance * distance) return true;
        }
      }
    }
    return false;
  }
}
