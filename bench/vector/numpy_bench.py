"""numpy side of the vector benchmark: brute-force float32 top-k over the same files the Swift side wrote.

Usage: python3 numpy_bench.py DIR KIND
Reads DIR/KIND.swift.json (written by ruminate-bench-vector), times `scores = M @ q; np.argpartition`
per query, checks recall against the Swift float32 brute force, and prints both sides and the ratio.
"""
import ctypes
import json
import sys
import time

import numpy as np


def blas_description():
    """Which BLAS numpy runs and which kernel it picked (threadpoolctl if installed, else ask OpenBLAS)."""
    try:
        from threadpoolctl import threadpool_info

        return "; ".join(
            f"{i.get('internal_api')} {i.get('version')} kernel={i.get('architecture')} threads={i.get('num_threads')}"
            for i in threadpool_info()
            if i.get("user_api") == "blas"
        )
    except ImportError:
        pass
    libraries = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            if "blas" in line.lower() and line.split()[-1].startswith("/"):
                libraries.add(line.split()[-1])
    parts = []
    for path in sorted(libraries):
        library = ctypes.CDLL(path)
        for corename, threads in [
            ("scipy_openblas_get_corename64_", "scipy_openblas_get_num_threads64_"),
            ("openblas_get_corename", "openblas_get_num_threads"),
        ]:
            if hasattr(library, corename):
                getattr(library, corename).restype = ctypes.c_char_p
                parts.append(
                    f"{path.rsplit('/', 1)[-1]} kernel={getattr(library, corename)().decode()} "
                    f"threads={getattr(library, threads)()}"
                )
                break
    if parts:
        return "; ".join(parts) + " (threadpoolctl not installed; asked OpenBLAS directly)"
    np.show_config()
    return "see numpy.show_config() above"


def main():
    directory, kind = sys.argv[1], sys.argv[2]
    with open(f"{directory}/{kind}.swift.json") as handle:
        swift = json.load(handle)
    n, d, k = swift["count"], swift["dimension"], swift["k"]
    matrix = np.fromfile(swift["vectors"], dtype="<f4").reshape(n, d)
    queries = np.fromfile(swift["query_file"], dtype="<f4").reshape(-1, d)
    exact = np.fromfile(swift["exact_rows"], dtype="<i4").reshape(len(queries), k)

    _ = matrix @ queries[0]  # first touch of the pages and BLAS start-up
    for query in queries[:20]:
        scores = matrix @ query
        np.argpartition(scores, -k)[-k:]
    times, hits = [], 0
    for query, expected in zip(queries, exact):
        start = time.perf_counter()
        scores = matrix @ query
        top = np.argpartition(scores, -k)[-k:]
        top = top[np.argsort(-scores[top], kind="stable")]
        times.append((time.perf_counter() - start) * 1e3)
        hits += len(set(top.tolist()) & set(expected.tolist()))
    times.sort()
    median, p90, p10 = (times[int(fraction * (len(times) - 1))] for fraction in (0.5, 0.9, 0.1))
    recall = hits / exact.size

    print(f"numpy {np.__version__}, BLAS: {blas_description()}")
    print(f"numpy brute force (M @ q, argpartition), float32: median {median:.3f} ms, p90 {p90:.3f} ms, "
          f"p10 {p10:.3f} ms, recall@{k} vs Swift exact float32 {recall:.4f}")
    print(f"SUMMARY [{kind}] {n} x {d}: ours {swift['median_ms']:.3f} ms median "
          f"(p90 {swift['p90_ms']:.3f}, 1 thread {swift['median_ms_1_thread']:.3f}), recall@{k} {swift['recall']:.4f}; "
          f"numpy {median:.3f} ms median (p90 {p90:.3f}); numpy/ours = {median / swift['median_ms']:.1f}x "
          f"(p10: ours {swift['p10_ms']:.3f}, numpy {p10:.3f}); "
          f"int8 build {swift['build_ms']:.1f} ms")


if __name__ == "__main__":
    main()
