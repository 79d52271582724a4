import { once } from 'node:events';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import {
  type CsrMatrix,
  type Mesh,
  matrixMarketChunks,
  type PlaneStressProblem,
  vectorMatrixMarketChunks,
} from '@microcore/fem';
import { RELATIVE_TOLERANCE } from './params.js';

/**
 * The files the Node child leaves in the exchange folder for the Python children: the assembled
 * system as MatrixMarket (for SciPy), and the problem itself as raw little-endian arrays plus a
 * JSON header (for dolfinx, which meshes nothing and assembles its own matrix from them).
 */

export const EXCHANGE_FILES = {
  header: 'problem.json',
  matrix: 'A.mtx',
  rhs: 'b.mtx',
  nodes: 'nodes.f64',
  triangles: 'triangles.i32',
  eigenstrain: 'eigenstrain.f64',
  dirichletNodes: 'dirichlet.i32',
  oursSolution: 'u-ours.f64',
  dolfinxSolution: 'u-dolfinx.f64',
} as const;

/** The JSON header (bench/python/*.py read it). */
export interface ExchangeHeader {
  readonly format: 'microcore-bench-elasticity/1';
  readonly layout: string;
  readonly files: typeof EXCHANGE_FILES;
  readonly nodeCount: number;
  readonly triangleCount: number;
  readonly dirichletNodeCount: number;
  readonly unknowns: number;
  readonly youngsModulusMPa: number;
  readonly poissonRatio: number;
  readonly thicknessMm: number;
  readonly foundationNPerMm3: number;
  readonly relativeTolerance: number;
}

export async function writeMatrixMarket(dir: string, a: CsrMatrix, b: Float64Array): Promise<void> {
  await writeChunks(path.join(dir, EXCHANGE_FILES.matrix), matrixMarketChunks(a));
  await writeChunks(path.join(dir, EXCHANGE_FILES.rhs), vectorMatrixMarketChunks(b));
}

export function writeProblem(
  dir: string,
  problem: PlaneStressProblem,
  dirichletNodes: Int32Array,
  oursSolution: Float64Array,
): void {
  if (endianness() !== 'LE') throw new Error('the raw exchange files are little-endian only');
  const mesh: Mesh = problem.mesh;
  const material = problem.materials[0];
  if (material.kind !== 'isotropic' || !problem.eigenstrain)
    throw new Error('the exchange format holds one isotropic material and an eigenstrain');
  const raw = (name: string, array: Float64Array | Int32Array) =>
    writeFileSync(
      path.join(dir, name),
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
    );
  raw(EXCHANGE_FILES.nodes, mesh.nodesXY);
  raw(EXCHANGE_FILES.triangles, Int32Array.from(mesh.triangles));
  raw(EXCHANGE_FILES.eigenstrain, problem.eigenstrain);
  raw(EXCHANGE_FILES.dirichletNodes, dirichletNodes);
  raw(EXCHANGE_FILES.oursSolution, oursSolution);
  const header: ExchangeHeader = {
    format: 'microcore-bench-elasticity/1',
    layout:
      'little-endian raw arrays: nodes Float64 (x, y) per node, mm; triangles Int32 (3 node ' +
      'indices, 0-based, counter-clockwise) per triangle; eigenstrain Float64 (εxx, εyy, γxy) per ' +
      'triangle; dirichlet Int32 node indices (u = 0 in x and y); solutions Float64 (ux, uy) per node',
    files: EXCHANGE_FILES,
    nodeCount: mesh.nodeCount,
    triangleCount: mesh.triangleCount,
    dirichletNodeCount: dirichletNodes.length,
    unknowns: 2 * mesh.nodeCount,
    youngsModulusMPa: material.youngsModulusMPa,
    poissonRatio: material.poissonRatio,
    thicknessMm: problem.thicknessMm,
    foundationNPerMm3: problem.foundationNPerMm3 ?? 0,
    relativeTolerance: RELATIVE_TOLERANCE,
  };
  writeFileSync(path.join(dir, EXCHANGE_FILES.header), `${JSON.stringify(header, null, 2)}\n`);
}

/** A raw little-endian Float64 file (a solution written by a child). */
export function readFloat64(file: string): Float64Array {
  const bytes = readFileSync(file);
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined); // observed through the races below
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
  }
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
}
