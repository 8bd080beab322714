#!/usr/bin/env bash
# Boot script of the TeX Live workspace.
mkdir -p "$HOME/thesis"

if [ ! -f "$HOME/.latexmkrc" ]; then
  printf '$pdf_mode = 4;\n$out_dir = "build";\n' > "$HOME/.latexmkrc"
fi

code-server --install-extension James-Yu.latex-workshop >/dev/null 2>&1 || true
code-server --auth none --bind-addr 127.0.0.1:8080 >/tmp/code-server.log 2>&1 &
