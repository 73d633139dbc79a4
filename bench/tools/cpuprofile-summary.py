#!/usr/bin/env python3
"""Summarises a V8 .cpuprofile: self time by function, and inclusive time of frames matching a filter.
Usage: cpuprofile-summary.py FILE [top] [substring ...]"""
import json, sys, collections
prof = json.load(open(sys.argv[1]))
top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
wanted = sys.argv[3:]
nodes = {n['id']: n for n in prof['nodes']}
parent = {}
for n in prof['nodes']:
    for c in n.get('children', []):
        parent[c] = n['id']
deltas = prof.get('timeDeltas', [])
samples = prof.get('samples', [])
self_us = collections.Counter()
for s, d in zip(samples, deltas):
    self_us[s] += d
total = sum(self_us.values())
def name(n):
    cf = n['callFrame']
    url = cf['url'].split('/node_modules/')[-1] if '/node_modules/' in cf['url'] else cf['url'].replace('file:///work/main/', '')
    return f"{cf['functionName'] or '(anon)'} {url}:{cf['lineNumber']+1}"
by_fn = collections.Counter()
for nid, us in self_us.items():
    by_fn[name(nodes[nid])] += us
print(f'total sampled {total/1e6:.2f} s')
print('--- self time')
for k, v in by_fn.most_common(top):
    print(f'{v/total*100:5.1f}%  {k}')
if wanted:
    print('--- inclusive time of frames matching', wanted)
    incl = collections.Counter()
    for nid, us in self_us.items():
        seen = set()
        cur = nid
        while cur is not None:
            nm = name(nodes[cur])
            for w in wanted:
                if w in nm and nm not in seen:
                    incl[nm] += us; seen.add(nm)
            cur = parent.get(cur)
    for k, v in incl.most_common(top):
        print(f'{v/total*100:5.1f}%  {k}')
