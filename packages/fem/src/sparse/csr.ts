/** A square sparse matrix in compressed sparse row form, on typed arrays. */
export interface CsrMatrix {
  readonly size: number;
  readonly rowStart: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;
}

/** y = A x. */
export function multiply(a: CsrMatrix, x: Float64Array, y: Float64Array): void {
  const { size, rowStart, columns, values } = a;
  for (let i = 0; i < size; i++) {
    let sum = 0;
    for (let k = rowStart[i], end = rowStart[i + 1]; k < end; k++) sum += values[k] * x[columns[k]];
    y[i] = sum;
  }
}

export function diagonal(a: CsrMatrix): Float64Array {
  const d = new Float64Array(a.size);
  for (let i = 0; i < a.size; i++) {
    for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++)
      if (a.columns[k] === i) d[i] = a.values[k];
  }
  return d;
}

/**
 * The sparsity of a 2-unknowns-per-node problem on a triangle mesh: rows 2n and 2n+1 both hold
 * the columns of every node sharing a triangle with node n (itself included), in node order, two
 * columns per node. `slot(n, m)` finds where node m sits in node n's list, for assembly.
 */
export class NodeBlockPattern {
  readonly rowStart: Int32Array;
  readonly columns: Int32Array;
  /** Neighbour lists: nodes of node n are neighbours[neighbourStart[n] .. neighbourStart[n+1]). */
  readonly neighbourStart: Int32Array;
  readonly neighbours: Int32Array;
  /** Per triangle t and its nodes i, j (0..2): slot(node i, node j) at 9 t + 3 i + j, for assembly. */
  readonly triangleSlots: Int32Array;

  constructor(nodeCount: number, triangles: Uint32Array) {
    // Triangles around each node (compressed), then each node's neighbours gathered from them with
    // a marker array and sorted: typed arrays only, no per-node lists. Each pass is its own
    // function: V8 optimises a long function with many loops for its first loop and then
    // de-optimises it at the next, which a first call pays for pass after pass.
    const { aroundStart, around } = trianglesAroundNodes(nodeCount, triangles);
    const marker = new Int32Array(nodeCount);
    this.neighbourStart = countNeighbours(nodeCount, triangles, aroundStart, around, marker);
    this.neighbours = sortedNeighbours(triangles, aroundStart, around, this.neighbourStart, marker);
    this.triangleSlots = triangleSlots(
      triangles,
      aroundStart,
      around,
      this.neighbourStart,
      this.neighbours,
      marker,
    );
    this.rowStart = blockRowStarts(this.neighbourStart);
    this.columns = blockColumns(this.rowStart, this.neighbourStart, this.neighbours);
  }

  /** Index of node m in node n's neighbour list (relative to the list's start). */
  slot(n: number, m: number): number {
    for (let q = this.neighbourStart[n], end = this.neighbourStart[n + 1]; q < end; q++) {
      if (this.neighbours[q] === m) return q - this.neighbourStart[n];
    }
    throw new RangeError(`nodes ${n} and ${m} share no triangle`);
  }
}

/** For each node, the triangles around it: around[aroundStart[n] .. aroundStart[n+1]) (3 × index). */
function trianglesAroundNodes(
  nodeCount: number,
  triangles: Uint32Array,
): { aroundStart: Int32Array; around: Int32Array } {
  const aroundStart = new Int32Array(nodeCount + 1);
  for (let t = 0; t < triangles.length; t++) aroundStart[triangles[t] + 1]++;
  for (let n = 0; n < nodeCount; n++) aroundStart[n + 1] += aroundStart[n];
  const around = new Int32Array(triangles.length);
  const fill = aroundStart.slice(0, nodeCount);
  for (let t = 0; t < triangles.length; t++) around[fill[triangles[t]]++] = t - (t % 3);
  return { aroundStart, around };
}

/** Where each node's neighbour list starts (the node itself and every node sharing a triangle). */
function countNeighbours(
  nodeCount: number,
  triangles: Uint32Array,
  aroundStart: Int32Array,
  around: Int32Array,
  marker: Int32Array,
): Int32Array {
  marker.fill(-1);
  const neighbourStart = new Int32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) {
    let count = 1;
    marker[n] = n;
    for (let q = aroundStart[n]; q < aroundStart[n + 1]; q++) {
      for (let j = 0; j < 3; j++) {
        const m = triangles[around[q] + j];
        if (marker[m] !== n) {
          marker[m] = n;
          count++;
        }
      }
    }
    neighbourStart[n + 1] = neighbourStart[n] + count;
  }
  return neighbourStart;
}

/** Each node's neighbours, itself included, in increasing order. */
function sortedNeighbours(
  triangles: Uint32Array,
  aroundStart: Int32Array,
  around: Int32Array,
  neighbourStart: Int32Array,
  marker: Int32Array,
): Int32Array {
  const nodeCount = neighbourStart.length - 1;
  const list = new Int32Array(neighbourStart[nodeCount]);
  marker.fill(-1);
  for (let n = 0; n < nodeCount; n++) {
    const first = neighbourStart[n];
    let end = first;
    list[end++] = n;
    marker[n] = n;
    for (let q = aroundStart[n]; q < aroundStart[n + 1]; q++) {
      for (let j = 0; j < 3; j++) {
        const m = triangles[around[q] + j];
        if (marker[m] !== n) {
          marker[m] = n;
          list[end++] = m;
        }
      }
    }
    // Insertion sort: a node has ~7 neighbours, and a typed-array sort per node (a subarray
    // object and a builtin call each) cost more than the sorting itself.
    for (let q = first + 1; q < end; q++) {
      const m = list[q];
      let r = q - 1;
      while (r >= first && list[r] > m) {
        list[r + 1] = list[r];
        r--;
      }
      list[r + 1] = m;
    }
  }
  return list;
}

/** Per triangle t and its nodes i, j: where node j sits in node i's list, at 9 t + 3 i + j. */
function triangleSlots(
  triangles: Uint32Array,
  aroundStart: Int32Array,
  around: Int32Array,
  neighbourStart: Int32Array,
  neighbours: Int32Array,
  marker: Int32Array,
): Int32Array {
  const nodeCount = neighbourStart.length - 1;
  const slots = new Int32Array(3 * triangles.length);
  // marker[m] holds m's slot in the list being scanned.
  for (let n = 0; n < nodeCount; n++) {
    const first = neighbourStart[n];
    for (let q = first; q < neighbourStart[n + 1]; q++) marker[neighbours[q]] = q - first;
    for (let q = aroundStart[n]; q < aroundStart[n + 1]; q++) {
      const base = around[q]; // = 3 × the triangle's index
      const i = triangles[base] === n ? 0 : triangles[base + 1] === n ? 1 : 2;
      for (let j = 0; j < 3; j++) slots[3 * base + 3 * i + j] = marker[triangles[base + j]];
    }
  }
  return slots;
}

/** Rows 2n and 2n+1 each hold two columns per neighbour of node n. */
function blockRowStarts(neighbourStart: Int32Array): Int32Array {
  const nodeCount = neighbourStart.length - 1;
  const rowStart = new Int32Array(2 * nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) {
    const width = 2 * (neighbourStart[n + 1] - neighbourStart[n]);
    rowStart[2 * n + 1] = rowStart[2 * n] + width;
    rowStart[2 * n + 2] = rowStart[2 * n + 1] + width;
  }
  return rowStart;
}

function blockColumns(
  rowStart: Int32Array,
  neighbourStart: Int32Array,
  neighbours: Int32Array,
): Int32Array {
  const nodeCount = neighbourStart.length - 1;
  const columns = new Int32Array(rowStart[2 * nodeCount]);
  for (let n = 0; n < nodeCount; n++) {
    for (let r = 0; r < 2; r++) {
      let k = rowStart[2 * n + r];
      for (let q = neighbourStart[n]; q < neighbourStart[n + 1]; q++) {
        columns[k++] = 2 * neighbours[q];
        columns[k++] = 2 * neighbours[q] + 1;
      }
    }
  }
  return columns;
}
