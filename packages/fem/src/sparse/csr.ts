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
    // a marker array and sorted: typed arrays only, no per-node lists.
    const aroundStart = new Int32Array(nodeCount + 1);
    for (let t = 0; t < triangles.length; t++) aroundStart[triangles[t] + 1]++;
    for (let n = 0; n < nodeCount; n++) aroundStart[n + 1] += aroundStart[n];
    const around = new Int32Array(triangles.length);
    const fill = aroundStart.slice(0, nodeCount);
    for (let t = 0; t < triangles.length; t++) around[fill[triangles[t]]++] = t - (t % 3);
    const marker = new Int32Array(nodeCount).fill(-1);
    this.neighbourStart = new Int32Array(nodeCount + 1);
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
      this.neighbourStart[n + 1] = this.neighbourStart[n] + count;
    }
    this.neighbours = new Int32Array(this.neighbourStart[nodeCount]);
    marker.fill(-1);
    for (let n = 0; n < nodeCount; n++) {
      const first = this.neighbourStart[n];
      let end = first;
      this.neighbours[end++] = n;
      marker[n] = n;
      for (let q = aroundStart[n]; q < aroundStart[n + 1]; q++) {
        for (let j = 0; j < 3; j++) {
          const m = triangles[around[q] + j];
          if (marker[m] !== n) {
            marker[m] = n;
            this.neighbours[end++] = m;
          }
        }
      }
      // Insertion sort: a node has ~7 neighbours, and a typed-array sort per node (a subarray
      // object and a builtin call each) cost more than the sorting itself.
      const list = this.neighbours;
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
    // Where each node of a triangle sits in each other's list: marker[m] holds m's slot in the
    // list being scanned.
    this.triangleSlots = new Int32Array(3 * triangles.length);
    for (let n = 0; n < nodeCount; n++) {
      const first = this.neighbourStart[n];
      for (let q = first; q < this.neighbourStart[n + 1]; q++)
        marker[this.neighbours[q]] = q - first;
      for (let q = aroundStart[n]; q < aroundStart[n + 1]; q++) {
        const base = around[q]; // = 3 × the triangle's index
        const i = triangles[base] === n ? 0 : triangles[base + 1] === n ? 1 : 2;
        for (let j = 0; j < 3; j++)
          this.triangleSlots[3 * base + 3 * i + j] = marker[triangles[base + j]];
      }
    }
    this.rowStart = new Int32Array(2 * nodeCount + 1);
    for (let n = 0; n < nodeCount; n++) {
      const width = 2 * (this.neighbourStart[n + 1] - this.neighbourStart[n]);
      this.rowStart[2 * n + 1] = this.rowStart[2 * n] + width;
      this.rowStart[2 * n + 2] = this.rowStart[2 * n + 1] + width;
    }
    this.columns = new Int32Array(this.rowStart[2 * nodeCount]);
    for (let n = 0; n < nodeCount; n++) {
      for (let r = 0; r < 2; r++) {
        let k = this.rowStart[2 * n + r];
        for (let q = this.neighbourStart[n]; q < this.neighbourStart[n + 1]; q++) {
          this.columns[k++] = 2 * this.neighbours[q];
          this.columns[k++] = 2 * this.neighbours[q] + 1;
        }
      }
    }
  }

  /** Index of node m in node n's neighbour list (relative to the list's start). */
  slot(n: number, m: number): number {
    for (let q = this.neighbourStart[n], end = this.neighbourStart[n + 1]; q < end; q++) {
      if (this.neighbours[q] === m) return q - this.neighbourStart[n];
    }
    throw new RangeError(`nodes ${n} and ${m} share no triangle`);
  }
}
