#!/usr/bin/env python3
"""Inputs whose size is a parameter, to show that cost grows linearly.

    python3 bench/gen_growth.py OUT N

writes under OUT:
  run-N/      a governed DDEV template (examples/ddev-workspace's) whose image
              has N `RUN` lines;
  chmod-N/    the same template; its image stages 200 scripts and has N
              `RUN chmod +x <glob>` lines and N/10 single-file COPYs;
  dupkeys-N.yaml  a composition whose `owner` key is written N times.
"""
import os
import shutil
import sys

out, n = sys.argv[1], int(sys.argv[2])
template = os.path.join(os.path.dirname(__file__), "..", "examples", "ddev-workspace", "template")


def tree(name, dockerfile, staged=0):
    root = os.path.join(out, name)
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(template, os.path.join(root, "template"))
    files = os.path.join(root, "image", "files")
    os.makedirs(files)
    for i in range(staged):
        with open(os.path.join(files, f"s{i}.sh"), "w") as f:
            f.write(f"#!/bin/sh\necho {i}\n")
    with open(os.path.join(root, "image", "Dockerfile"), "w") as f:
        f.write("\n".join(dockerfile) + "\n")


tree("run-%d" % n, ["FROM ubuntu:24.04"] + [f"RUN echo step {i} > /tmp/f{i}" for i in range(n)])
tree(
    "chmod-%d" % n,
    ["FROM ubuntu:24.04", "COPY files/ /opt/files/"]
    + [f"RUN chmod +x /opt/files/x{i}*.sh" for i in range(n)]
    + [f"COPY files/s1.sh /opt/c{i}.sh" for i in range(n // 10)],
    staged=200,
)
with open(os.path.join(out, "dupkeys-%d.yaml" % n), "w") as f:
    f.write("platform: kubernetes\n" + "".join(f"owner: a{i}\n" for i in range(n)))
