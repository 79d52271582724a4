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
  const [boxX0, boxY0, boxX1, boxY1] = bounds(edges);
  const thinning = uniformSize ? undefined : new PointHash(boxX0, boxY0, boxX1, boxY1, hMin);
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
  const rows = new EdgeRows(edges);
  const kept: number[] = [];
  for (let t = 0; t < all.length; t += 3) {
    const a = all[t];
    const b = all[t + 1];
    const c = all[t + 2];
    if (a >= nodeCount || b >= nodeCount || c >= nodeCount) continue;
    const cx = (coords[2 * a] + coords[2 * b] + coords[2 * c]) / 3;
    const cy = (coords[2 * a + 1] + coords[2 * b + 1] + coords[2 * c + 1]) / 3;
    if (!rows.inside(cx, cy)) continue;
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

/**
 * The even-odd test against the rings' edges, with the edges filed in horizontal bands: only the
 * edges whose height range holds y can cross its row, so only those are tested (the parity is
 * that of a test against every edge).
 */
class EdgeRows {
  private readonly y0: number;
  private readonly bandHeight: number;
  private readonly bandStart: Int32Array;
  private readonly bandEdges: Int32Array;

  constructor(private readonly edges: Float64Array) {
    const count = edges.length / 4;
    let y0 = Number.POSITIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < edges.length; e += 2) {
      y0 = Math.min(y0, edges[e + 1]);
      y1 = Math.max(y1, edges[e + 1]);
    }
    const bands = Math.max(1, Math.ceil(Math.sqrt(count)));
    this.y0 = y0;
    this.bandHeight = (y1 - y0) / bands || 1;
    const first = new Int32Array(count);
    const last = new Int32Array(count);
    this.bandStart = new Int32Array(bands + 2);
    for (let k = 0; k < count; k++) {
      const a = edges[4 * k + 1];
      const b = edges[4 * k + 3];
      first[k] = this.band(Math.min(a, b));
      last[k] = this.band(Math.max(a, b));
      for (let band = first[k]; band <= last[k]; band++) this.bandStart[band + 1]++;
    }
    for (let band = 0; band <= bands; band++) this.bandStart[band + 1] += this.bandStart[band];
    const fill = this.bandStart.slice(0, -1);
    this.bandEdges = new Int32Array(this.bandStart[bands + 1]);
    for (let k = 0; k < count; k++)
      for (let band = first[k]; band <= last[k]; band++) this.bandEdges[fill[band]++] = 4 * k;
  }

  private band(y: number): number {
    const bands = this.bandStart.length - 2;
    return Math.min(bands, Math.max(0, Math.floor((y - this.y0) / this.bandHeight)));
  }

  inside(x: number, y: number): boolean {
    const edges = this.edges;
    const band = this.band(y);
    let inside = false;
    for (let q = this.bandStart[band]; q < this.bandStart[band + 1]; q++) {
      const e = this.bandEdges[q];
      const y0 = edges[e + 1];
      const y1 = edges[e + 3];
      if (y0 > y !== y1 > y && x < edges[e] + ((y - y0) * (edges[e + 2] - edges[e])) / (y1 - y0))
        inside = !inside;
    }
    return inside;
  }
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

/**
 * Accepted interior points on a flat grid over the domain's box, for thinning a graded lattice.
 * Cells are searched ring by ring outwards, so a point near an accepted one stops early.
 */
class PointHash {
  private readonly cellSize: number;
  private readonly columns: number;
  private readonly rows: number;
  /** First point of each cell, −1 for none; next[p] the cell's next point. */
  private readonly head: Int32Array;
  private next = new Int32Array(1024);
  private xy = new Float64Array(2048);
  private count = 0;

  constructor(
    private readonly x0: number,
    private readonly y0: number,
    x1: number,
    y1: number,
    cellSize: number,
  ) {
    // At most ~4 million cells: a coarser grid gives the same answers, only slower ones.
    const area = Math.max(x1 - x0, cellSize) * Math.max(y1 - y0, cellSize);
    this.cellSize = Math.max(cellSize, Math.sqrt(area / 4e6));
    this.columns = Math.floor((x1 - x0) / this.cellSize) + 1;
    this.rows = Math.floor((y1 - y0) / this.cellSize) + 1;
    this.head = new Int32Array(this.columns * this.rows).fill(-1);
  }

  private column(x: number): number {
    return Math.min(this.columns - 1, Math.max(0, Math.floor((x - this.x0) / this.cellSize)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.y0) / this.cellSize)));
  }

  add(x: number, y: number): void {
    if (this.count === this.next.length) {
      const next = new Int32Array(2 * this.count);
      next.set(this.next);
      this.next = next;
      const xy = new Float64Array(4 * this.count);
      xy.set(this.xy);
      this.xy = xy;
    }
    const p = this.count++;
    const c = this.row(y) * this.columns + this.column(x);
    this.xy[2 * p] = x;
    this.xy[2 * p + 1] = y;
    this.next[p] = this.head[c];
    this.head[c] = p;
  }

  /** Whether an accepted point lies closer than `distance` to (x, y). */
  anyWithin(x: number, y: number, distance: number): boolean {
    const ci = this.column(x);
    const cj = this.row(y);
    // One cell more than the distance spans, for points at the clamped edges and rounding.
    const reach = Math.ceil(distance / this.cellSize) + 1;
    for (let ring = 0; ring <= reach; ring++) {
      const i0 = ci - ring;
      const i1 = ci + ring;
      for (let j = Math.max(0, cj - ring); j <= Math.min(this.rows - 1, cj + ring); j++) {
        const edgeRow = j === cj - ring || j === cj + ring;
        // Every cell of the ring's top and bottom rows; only the two ends of the rows between.
        const step = edgeRow ? 1 : i1 - i0;
        for (let i = i0; i <= i1; i += step || 1) {
          if (i < 0 || i >= this.columns) continue;
          for (let p = this.head[j * this.columns + i]; p >= 0; p = this.next[p]) {
            const dx = this.xy[2 * p] - x;
            const dy = this.xy[2 * p + 1] - y;
            if (dx * dx + dy * dy < distance * distance) return true;
          }
        }
      }
    }
    return false;
  }
}
