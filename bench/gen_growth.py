#!/usr/bin/env python3
"""Inputs whose size is a parameter, to show that cost grows linearly.

    python3 bench/gen_growth.py OUT N

writes under OUT:
  run-N/      a governed DDEV template (examples/ddev-workspace's) whose image
              has N `RUN` lines;
  chmod-N/    the same template; its image stages 200 scripts and has N
              `RUN chmod +x <glob>` lines and N/10 single-file COPYs;
  boot-N/     the same template, its boot script read with file() from a
              script of N lines;
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
boot = os.path.join(out, "boot-%d" % n)
shutil.rmtree(boot, ignore_errors=True)
shutil.copytree(template, os.path.join(boot, "template"))
main = os.path.join(boot, "template", "main.tf")
with open(main) as f:
    tf = f.read()
start = tf.index("  startup_script = <<-EOT\n")
end = tf.index("  EOT\n", start) + len("  EOT\n")
with open(main, "w") as f:
    f.write(tf[:start] + '  startup_script = file("${path.module}/boot.sh")\n' + tf[end:])
with open(os.path.join(boot, "template", "boot.sh"), "w") as f:
    f.write("#!/bin/bash\nset +e\n")
    f.write("".join(f'echo "step {i}" >> /tmp/boot.log\n' for i in range(n)))
    f.write("exit 0\n")
with open(os.path.join(out, "dupkeys-%d.yaml" % n), "w") as f:
    f.write("platform: kubernetes\n" + "".join(f"owner: a{i}\n" for i in range(n)))
