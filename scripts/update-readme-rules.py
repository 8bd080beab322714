#!/usr/bin/env python3
"""Regenerate README.md's rule table from `wsc rules --format json`.

Run from the repository root after adding or changing a rule:
    cargo build && python3 scripts/update-readme-rules.py
The test `readme_rule_table_is_generated_from_the_registry` checks the result.
"""
import json
import subprocess

rules = json.loads(subprocess.check_output(["target/debug/wsc", "rules", "--format", "json"]))
table = "\n| code | name | severity | fires when |\n| --- | --- | --- | --- |\n"
for r in rules:
    table += f"| {r['code']} | {r['name']} | {r['severity']} | {r['summary']} |\n"
readme = open("README.md").read()
start = readme.index("<!-- rules:start -->") + len("<!-- rules:start -->")
end = readme.index("<!-- rules:end -->")
open("README.md", "w").write(readme[:start] + table + readme[end:])
