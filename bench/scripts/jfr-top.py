#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: top frames (self) and top io.switchboard / Jetty / Jackson frames
(inclusive). Usage: bench/scripts/jfr-top.py recording.jfr [N]   (needs `jfr` from the JDK on PATH)"""
import collections, re, subprocess, sys

path = sys.argv[1]
top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                     capture_output=True, text=True, check=True).stdout
selfc, incl, threads = collections.Counter(), collections.Counter(), collections.Counter()
total = 0
for event in out.split("jdk.ExecutionSample")[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', event)
    name = re.sub(r'\d+', 'N', m.group(1)) if m else '?'
    frames = re.findall(r'^\s+([\w$.<>]+\([^)]*\))\s+line:', event, re.M)
    if not frames:
        continue
    total += 1
    threads[name] += 1
    selfc[frames[0]] += 1
    seen = set()
    for f in frames:
        if f not in seen and re.match(r'(io\.switchboard|org\.eclipse\.jetty|com\.fasterxml)', f):
            seen.add(f)
            incl[f] += 1
print(f"{total} samples")
print("\n-- threads"); [print(f"{100*c/total:5.1f}%  {t}") for t, c in threads.most_common(10)]
print("\n-- self (top of stack)"); [print(f"{100*c/total:5.1f}%  {f}") for f, c in selfc.most_common(top_n)]
print("\n-- inclusive (project, Jetty, Jackson frames)"); [print(f"{100*c/total:5.1f}%  {f}") for f, c in incl.most_common(top_n)]
