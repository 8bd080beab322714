"""Summarise a linter's JSON output (read from stdin) for bench/audit-peers.sh.

usage: peer_findings.py wsc|wsc-list|checkov|hadolint
"""
import collections
import json
import sys

kind = sys.argv[1]
text = sys.stdin.read()
data = json.loads(text) if text.strip() else []

if kind == "wsc":
    d = data["diagnostics"]
    c = collections.Counter(x["code"] for x in d)
    print(f"{len(d)} findings, {len(c)} codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(c.items())))
elif kind == "wsc-list":
    for x in data["diagnostics"]:
        print(f"  {x['code']} {x['file']}:{x['line']}: {x['message']}")
elif kind == "checkov":
    reports = data if isinstance(data, list) else [data]
    for r in reports:
        failed = r.get("results", {}).get("failed_checks", [])
        print(f"{r.get('check_type')}: {len(failed)} failed")
        seen = collections.Counter((x["check_id"], x["file_path"], x["resource"]) for x in failed)
        names = {x["check_id"]: x["check_name"] for x in failed}
        for (cid, path, res), n in sorted(seen.items()):
            print(f"  {cid} {path} {res}: {names[cid]}")
elif kind == "hadolint":
    for x in data:
        print(f"  {x['code']} line {x['line']}: {x['message']}")
