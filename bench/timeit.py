#!/usr/bin/env python3
"""Whole-process timing: run a command N times, print the median and p90 wall
time in milliseconds. Usage: timeit.py N CMD [ARG...]. The command's output is
discarded; its exit status is reported (a checker exits 1 on findings)."""
import statistics
import subprocess
import sys
import time


def main() -> None:
    n = int(sys.argv[1])
    cmd = sys.argv[2:]
    times = []
    status = None
    for _ in range(n):
        t = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - t) * 1000)
        status = r.returncode
    times.sort()
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    print(f"{statistics.median(times):.3f} {p90:.3f} {status}")


if __name__ == "__main__":
    main()
