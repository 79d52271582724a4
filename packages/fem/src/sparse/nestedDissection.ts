import type { CsrMatrix } from './csr.js';

/** Parts of at most this many nodes are numbered as they are: splitting them saves nothing. */
const LEAF_NODES = 16;
const CUT_FRACTIONS = [0.4, 0.45, 0.5, 0.55, 0.6];

/**
 * A fill-reducing ordering for a 2-unknowns-per-node system on a mesh (unknowns 2n, 2n+1 at node
 * n): geometric nested dissection (George 1973). Cut the nodes across the longer side of their
 * bounding box near the median; the nodes on one side that touch the other side separate them;
 * number both sides first (recursively), the separator last. On a 2D mesh of n unknowns the
 * Cholesky factor then keeps O(n log n) nonzeros and costs O(n^1.5) to compute.
 * Returns `order`: order[k] is the unknown placed k-th.
 */
export function nestedDissectionOrder(a: CsrMatrix, nodesXY: Float64Array): Int32Array {
  const nodes = nodesXY.length / 2;
  if (a.size !== 2 * nodes)
    throw new RangeError(`the matrix has ${a.size} unknowns, not 2 per node of ${nodes}`);
  // The node graph: node m is a neighbour of n when A couples any of their unknowns.
  const start = new Int32Array(nodes + 1);
  const adjacent = new Int32Array(a.rowStart[a.size]);
  const listed = new Int32Array(nodes).fill(-1);
  let filled = 0;
  for (let n = 0; n < nodes; n++) {
    listed[n] = n;
    for (let r = 2 * n; r <= 2 * n + 1; r++) {
      for (let k = a.rowStart[r]; k < a.rowStart[r + 1]; k++) {
        const m = a.columns[k] >> 1;
        if (listed[m] === n) continue;
        listed[m] = n;
        adjacent[filled++] = m;
      }
    }
    start[n + 1] = filled;
  }
  const byX = sortedBy(nodesXY, 0);
  const byY = sortedBy(nodesXY, 1);
  const rankX = inverse(byX);
  const rankY = inverse(byY);
  const nodeOrder = new Int32Array(nodes);
  let front = 0; // leaves fill the order from the front, separators from the back
  let back = nodes;
  // part[v] names the part node v waits in; rank[v] its place along the current part's axis.
  const part = new Int32Array(nodes).fill(-1);
  const rank = new Int32Array(nodes);
  const earliest = new Int32Array(nodes);
  let parts = 0;
  const stack: Int32Array[] = [Int32Array.from({ length: nodes }, (_, n) => n)];
  while (stack.length > 0) {
    const members = stack.pop() as Int32Array;
    if (members.length <= LEAF_NODES) {
      for (let i = 0; i < members.length; i++) nodeOrder[front++] = members[i];
      continue;
    }
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < members.length; i++) {
      const v = members[i];
      x0 = Math.min(x0, nodesXY[2 * v]);
      x1 = Math.max(x1, nodesXY[2 * v]);
      y0 = Math.min(y0, nodesXY[2 * v + 1]);
      y1 = Math.max(y1, nodesXY[2 * v + 1]);
    }
    const axis = x1 - x0 >= y1 - y0 ? 0 : 1;
    // Sorted by the coordinate, ties by node number (so the order is deterministic): by the
    // nodes' ranks in that order over the whole mesh, a native sort of integers.
    const ranks = axis === 0 ? rankX : rankY;
    const byRank = axis === 0 ? byX : byY;
    const keys = new Int32Array(members.length);
    for (let i = 0; i < members.length; i++) keys[i] = ranks[members[i]];
    keys.sort();
    const sorted = new Int32Array(members.length);
    for (let i = 0; i < members.length; i++) sorted[i] = byRank[keys[i]];
    const p = parts++;
    for (let i = 0; i < sorted.length; i++) {
      part[sorted[i]] = p;
      rank[sorted[i]] = i;
    }
    // Cut between 40 % and 60 % along the axis, where the separator (the nodes after the cut that
    // touch a node before it) is smallest: a graded mesh has narrow places worth finding.
    // A node after the cut is in the separator when its earliest neighbour in the part (along
    // the axis) is before the cut.
    for (let i = 0; i < sorted.length; i++) {
      const v = sorted[i];
      let first = sorted.length;
      for (let k = start[v]; k < start[v + 1]; k++) {
        const w = adjacent[k];
        if (part[w] === p && rank[w] < first) first = rank[w];
      }
      earliest[v] = first;
    }
    let cut = 0;
    let smallest = Number.POSITIVE_INFINITY;
    for (const fraction of CUT_FRACTIONS) {
      const candidate = Math.round(sorted.length * fraction);
      let size = 0;
      for (let i = candidate; i < sorted.length; i++) if (earliest[sorted[i]] < candidate) size++;
      if (size < smallest) {
        cut = candidate;
        smallest = size;
      }
    }
    const lower: number[] = [];
    const upper: number[] = [];
    const separator: number[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const v = sorted[i];
      if (i < cut) lower.push(v);
      else if (earliest[v] < cut) separator.push(v);
      else upper.push(v);
    }
    for (let i = separator.length - 1; i >= 0; i--) {
      nodeOrder[--back] = separator[i];
      part[separator[i]] = -1;
    }
    // Upper pushed first so the lower half is numbered first; both before their separator.
    stack.push(Int32Array.from(upper), Int32Array.from(lower));
  }
  const order = new Int32Array(2 * nodes);
  for (let k = 0; k < nodes; k++) {
    order[2 * k] = 2 * nodeOrder[k];
    order[2 * k + 1] = 2 * nodeOrder[k] + 1;
  }
  return order;
}

/** The nodes sorted by one coordinate (0: x, 1: y), ties by node number. */
function sortedBy(nodesXY: Float64Array, axis: 0 | 1): Int32Array {
  const nodes = nodesXY.length / 2;
  return Int32Array.from({ length: nodes }, (_, n) => n).sort(
    (p, q) => nodesXY[2 * p + axis] - nodesXY[2 * q + axis] || p - q,
  );
}

/** rank[order[k]] = k. */
function inverse(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) rank[order[k]] = k;
  return rank;
}
