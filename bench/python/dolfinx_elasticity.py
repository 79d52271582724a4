"""FEniCS dolfinx (PETSc CG + GAMG) on the bench's plane-stress problem (bench/src/elasticity).

Usage: /usr/bin/python3 dolfinx_elasticity.py DIR --rtol 1e-8 --repeats 3

Reads the problem our fem package exported to DIR (problem.json and raw little-endian arrays:
node coordinates, triangles, eigenstrain per triangle, Dirichlet nodes), builds the same mesh in
dolfinx (P1 vector Lagrange), assembles
    a(u, v) = t * integral of sigma(eps(u)) : eps(v) + k * integral of u . v
    L(v)    = t * integral of sigma(eps*) : eps(v)
with sigma the isotropic plane-stress law, holds the Dirichlet nodes at zero and solves with PETSc
KSP cg + PC gamg (rigid-body near-nullspace), unpreconditioned residual norm, rtol, atol 0.
Times mesh creation, form compilation (FFCx JIT, cached after the first run), assembly,
preconditioner set-up and each solve apart; reports iterations, the true residual, the peak RSS,
the largest nodal displacement and the strain energy, and writes the solution in the original node
order to DIR/u-dolfinx.f64 for the caller to compare. Prints one JSON line {"result": {...}}.
"""

import argparse
import json
import logging
import os
import resource
import sys
import time

start_imports = time.perf_counter()
import numpy as np  # noqa: E402
import ufl  # noqa: E402
from mpi4py import MPI  # noqa: E402
from petsc4py import PETSc  # noqa: E402

import dolfinx  # noqa: E402
import dolfinx.fem  # noqa: E402
import dolfinx.fem.petsc  # noqa: E402
import dolfinx.mesh  # noqa: E402

import_seconds = time.perf_counter() - start_imports
logging.getLogger().setLevel(logging.WARNING)  # FFCx logs each JIT compile at INFO


def peak_rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def vm_hwm_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class CoordinateIndex:
    """Finds nodes by their coordinates (dolfinx renumbers nodes and dofs)."""

    def __init__(self, xy):
        self.origin = xy.min(axis=0)
        self.scale = (2.0**30) / max(float(np.max(xy.max(axis=0) - self.origin)), 1e-300)
        keys = self.key(xy[:, 0], xy[:, 1])
        self.order = np.argsort(keys)
        self.sorted = keys[self.order]
        if np.any(np.diff(self.sorted) == 0):
            raise ValueError("two nodes share a coordinate key")

    def key(self, x, y):
        qx = np.rint((x - self.origin[0]) * self.scale).astype(np.int64)
        qy = np.rint((y - self.origin[1]) * self.scale).astype(np.int64)
        return qx * (2**31) + qy

    def find(self, x, y):
        """Index of the node at each (x, y), or -1."""
        keys = self.key(x, y)
        at = np.searchsorted(self.sorted, keys)
        at[at >= len(self.sorted)] = 0
        hit = self.sorted[at] == keys
        return np.where(hit, self.order[at], -1)


def rigid_body_modes(matrix, space):
    """Two translations and the in-plane rotation, orthonormalised (GAMG's near-nullspace)."""
    coordinates = space.tabulate_dof_coordinates()
    owned = space.dofmap.index_map.size_local
    vectors = []
    for mode in range(3):
        vector = matrix.createVecLeft()
        values = vector.getArray()
        if mode == 0:
            values[0::2], values[1::2] = 1.0, 0.0
        elif mode == 1:
            values[0::2], values[1::2] = 0.0, 1.0
        else:
            values[0::2] = -coordinates[:owned, 1]
            values[1::2] = coordinates[:owned, 0]
        vectors.append(vector)
    for i, vector in enumerate(vectors):
        for previous in vectors[:i]:
            vector.axpy(-vector.dot(previous), previous)
        vector.normalize()
    return PETSc.NullSpace().create(vectors=vectors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--rtol", type=float, default=1e-8)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    baseline_rss = peak_rss_kib()

    with open(os.path.join(args.dir, "problem.json")) as header_file:
        header = json.load(header_file)
    files = header["files"]

    def raw(name, dtype, columns):
        return np.fromfile(os.path.join(args.dir, files[name]), dtype=dtype).reshape(-1, columns)

    xy = raw("nodes", "<f8", 2)
    triangles = raw("triangles", "<i4", 3).astype(np.int64)
    eigenstrain = raw("eigenstrain", "<f8", 3)
    dirichlet = raw("dirichletNodes", "<i4", 1).ravel()
    e_mod, nu = header["youngsModulusMPa"], header["poissonRatio"]
    thickness, foundation = header["thicknessMm"], header["foundationNPerMm3"]

    start = time.perf_counter()
    element = ufl.Mesh(ufl.VectorElement("Lagrange", "triangle", 1))
    mesh = dolfinx.mesh.create_mesh(MPI.COMM_WORLD, triangles, xy, element)
    mesh_seconds = time.perf_counter() - start

    # Spaces, the eigenstrain per cell (DG0, by original cell index), the Dirichlet dofs.
    start = time.perf_counter()
    space = dolfinx.fem.VectorFunctionSpace(mesh, ("Lagrange", 1))
    cell_space = dolfinx.fem.VectorFunctionSpace(mesh, ("DG", 0), dim=3)
    cell_eigenstrain = dolfinx.fem.Function(cell_space)
    local_cells = mesh.topology.index_map(mesh.topology.dim).size_local
    original = np.asarray(mesh.topology.original_cell_index)[:local_cells]
    cell_dofs = cell_space.dofmap.list.array.reshape(-1)[:local_cells]
    cell_eigenstrain.x.array.reshape(-1, 3)[cell_dofs] = eigenstrain[original]
    nodes = CoordinateIndex(xy)
    is_dirichlet = np.zeros(len(xy), dtype=bool)
    is_dirichlet[dirichlet] = True

    def on_dirichlet_node(points):
        found = nodes.find(points[0], points[1])
        return (found >= 0) & is_dirichlet[np.maximum(found, 0)]

    fixed_dofs = dolfinx.fem.locate_dofs_geometrical(space, on_dirichlet_node)
    bc = dolfinx.fem.dirichletbc(np.zeros(2, dtype=PETSc.ScalarType), fixed_dofs, space)
    setup_seconds = time.perf_counter() - start

    mu = e_mod / (2 * (1 + nu))
    lam = e_mod * nu / (1 - nu * nu)  # plane stress

    def eps(w):
        return ufl.sym(ufl.grad(w))

    def sigma(strain):
        return lam * ufl.tr(strain) * ufl.Identity(2) + 2 * mu * strain

    es = cell_eigenstrain
    eps_star = ufl.as_matrix([[es[0], es[2] / 2], [es[2] / 2, es[1]]])
    u, v = ufl.TrialFunction(space), ufl.TestFunction(space)
    start = time.perf_counter()
    a = dolfinx.fem.form(
        thickness * ufl.inner(sigma(eps(u)), eps(v)) * ufl.dx
        + foundation * ufl.inner(u, v) * ufl.dx
    )
    rhs_form = dolfinx.fem.form(thickness * ufl.inner(sigma(eps_star), eps(v)) * ufl.dx)
    compile_seconds = time.perf_counter() - start

    start = time.perf_counter()
    matrix = dolfinx.fem.petsc.assemble_matrix(a, bcs=[bc])
    matrix.assemble()
    b = dolfinx.fem.petsc.assemble_vector(rhs_form)
    dolfinx.fem.petsc.apply_lifting(b, [a], bcs=[[bc]])
    b.ghostUpdate(addv=PETSc.InsertMode.ADD, mode=PETSc.ScatterMode.REVERSE)
    dolfinx.fem.petsc.set_bc(b, [bc])
    assembly_seconds = time.perf_counter() - start

    start = time.perf_counter()
    matrix.setNearNullSpace(rigid_body_modes(matrix, space))
    ksp = PETSc.KSP().create(mesh.comm)
    ksp.setOperators(matrix)
    ksp.setType(PETSc.KSP.Type.CG)
    ksp.getPC().setType(PETSc.PC.Type.GAMG)
    ksp.setNormType(PETSc.KSP.NormType.UNPRECONDITIONED)
    ksp.setTolerances(rtol=args.rtol, atol=0.0, max_it=100000)
    ksp.setFromOptions()
    ksp.setUp()
    if os.environ.get("BENCH_KSP_VIEW"):
        ksp.view()
    pc_setup_seconds = time.perf_counter() - start

    uh = dolfinx.fem.Function(space)
    solve_seconds = []
    for _ in range(max(1, args.repeats)):
        uh.vector.set(0.0)
        start = time.perf_counter()
        ksp.solve(b, uh.vector)
        solve_seconds.append(time.perf_counter() - start)
    uh.x.scatter_forward()
    peak_rss = peak_rss_kib()
    vm_hwm = vm_hwm_kib()

    residual = b.duplicate()
    matrix.mult(uh.vector, residual)
    residual.aypx(-1.0, b)
    true_residual = residual.norm() / b.norm()
    energy = dolfinx.fem.assemble_scalar(
        dolfinx.fem.form(
            0.5 * thickness * ufl.inner(sigma(eps(uh)), eps(uh)) * ufl.dx
            + 0.5 * foundation * ufl.inner(uh, uh) * ufl.dx
        )
    )
    owned = space.dofmap.index_map.size_local
    displacement = uh.x.array.reshape(-1, 2)[:owned]
    coordinates = space.tabulate_dof_coordinates()[:owned]
    node_of_dof = nodes.find(coordinates[:, 0], coordinates[:, 1])
    mapped = bool(np.all(node_of_dof >= 0)) and len(set(node_of_dof.tolist())) == len(xy)
    if mapped:
        in_original_order = np.zeros((len(xy), 2))
        in_original_order[node_of_dof] = displacement
        in_original_order.astype("<f8").tofile(os.path.join(args.dir, files["dolfinxSolution"]))

    gamg_levels = ksp.getPC().getMGLevels()
    result = {
        "dolfinxVersion": dolfinx.__version__,
        "petscVersion": ".".join(str(p) for p in PETSc.Sys.getVersion()),
        "python": sys.version.split()[0],
        "unknowns": int(matrix.getSize()[0]),
        "nonzeros": int(matrix.getInfo()["nz_used"]),
        "dirichletDofs": int(2 * len(fixed_dofs)),
        "importSeconds": import_seconds,
        "meshSeconds": mesh_seconds,
        "setupSeconds": setup_seconds,
        "compileSeconds": compile_seconds,
        "assemblySeconds": assembly_seconds,
        "pcSetupSeconds": pc_setup_seconds,
        "gamgLevels": int(gamg_levels),
        "solveSeconds": solve_seconds,
        "iterations": int(ksp.getIterationNumber()),
        "convergedReason": int(ksp.getConvergedReason()),
        "trueRelativeResidual": float(true_residual),
        "maxDisplacementMm": float(np.max(np.hypot(displacement[:, 0], displacement[:, 1]))),
        "strainEnergyNmm": float(energy),
        "solutionWritten": mapped,
        "baselineRssKiB": baseline_rss,
        "peakRssKiB": peak_rss,
        "vmHwmKiB": vm_hwm,
    }
    print(json.dumps({"result": result}), flush=True)


if __name__ == "__main__":
    main()
