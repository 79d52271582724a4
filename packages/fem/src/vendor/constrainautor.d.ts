// The package ships its TypeScript source as its types, which does not compile under this repo's
// settings (verbatimModuleSyntax, CommonJS detection); this declares the part fem uses.
declare module '@kninnug/constrainautor' {
  interface DelaunatorLike {
    coords: ArrayLike<number>;
    triangles: Uint32Array;
    halfedges: Int32Array;
  }
  export default class Constrainautor {
    constructor(del: DelaunatorLike);
    /** Make the edge between points a and b part of the triangulation; returns its half-edge id. */
    constrainOne(a: number, b: number): number;
    constrainAll(edges: ArrayLike<readonly [number, number]>): this;
    isConstrained(edge: number): boolean;
  }
}
