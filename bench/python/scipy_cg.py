"""SciPy's plain conjugate gradient on the bench's exported system (bench/src/elasticity).

Usage: /usr/bin/python3 scipy_cg.py DIR --rtol 1e-8 --maxiter 200000 --progress-every 1000

Reads DIR/A.mtx and DIR/b.mtx (MatrixMarket, written by our fem package), solves A x = b with
scipy.sparse.linalg.cg, no preconditioner, zero initial guess, stopping at
||b - A x||_2 <= rtol * ||b||_2 (SciPy 1.10: tol=rtol, atol=0), then recomputes the true residual.
Only the cg call is timed; reading the files is timed apart. Every --progress-every iterations it
prints a progress line (iteration, seconds, true relative residual) so that a run stopped by the
caller's wall-clock guard still gives a lower bound; the time spent on those checks is taken off
the solve time. Prints JSON lines: {"progress": {...}} and finally {"result": {...}}.
"""

import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import scipy
import scipy.io
import scipy.sparse.linalg


def vm_hwm_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def emit(kind, payload):
    print(json.dumps({kind: payload}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--rtol", type=float, default=1e-8)
    parser.add_argument("--maxiter", type=int, default=200000)
    parser.add_argument("--progress-every", type=int, default=1000)
    parser.add_argument("--compare", help="raw Float64 solution to compare with (ours)")
    args = parser.parse_args()

    start = time.perf_counter()
    a = scipy.io.mmread(os.path.join(args.dir, "A.mtx")).tocsr()
    b = np.asarray(scipy.io.mmread(os.path.join(args.dir, "b.mtx"))).ravel()
    stored = a.nnz
    # The eliminated Dirichlet rows and columns are stored as explicit zeros: drop them (the
    # system is the same, SciPy's product gets a little cheaper).
    a.eliminate_zeros()
    read_seconds = time.perf_counter() - start

    b_norm = np.linalg.norm(b)
    iterations = 0
    check_seconds = 0.0

    def callback(xk):
        nonlocal iterations, check_seconds
        iterations += 1
        if iterations % args.progress_every == 0:
            t = time.perf_counter()
            residual = float(np.linalg.norm(b - a @ xk) / b_norm)
            check_seconds += time.perf_counter() - t
            emit(
                "progress",
                {
                    "iteration": iterations,
                    "seconds": time.perf_counter() - solve_start - check_seconds,
                    "trueRelativeResidual": residual,
                },
            )

    solve_start = time.perf_counter()
    x, info = scipy.sparse.linalg.cg(
        a, b, tol=args.rtol, atol=0.0, maxiter=args.maxiter, callback=callback
    )
    solve_seconds = time.perf_counter() - solve_start - check_seconds

    true_residual = float(np.linalg.norm(b - a @ x) / b_norm)
    result = {
        "scipyVersion": scipy.__version__,
        "numpyVersion": np.__version__,
        "python": sys.version.split()[0],
        "unknowns": int(a.shape[0]),
        "storedEntries": int(stored),
        "nonzeros": int(a.nnz),
        "readSeconds": read_seconds,
        "solveSeconds": solve_seconds,
        "iterations": iterations,
        "info": int(info),
        "converged": info == 0 and true_residual <= args.rtol,
        "trueRelativeResidual": true_residual,
        "peakRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "vmHwmKiB": vm_hwm_kib(),
    }
    if args.compare:
        ours = np.fromfile(args.compare, dtype="<f8")
        scale = float(np.max(np.abs(ours))) or 1.0
        result["maxDifferenceToOurs"] = float(np.max(np.abs(x - ours)) / scale)
    emit("result", result)


if __name__ == "__main__":
    main()
