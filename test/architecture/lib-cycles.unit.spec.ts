import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * No import circle between libraries, type-only imports included: every lib's non-test sources are
 * scanned for `@lotstream/<lib>` imports and re-exports, and the graph of libs must be acyclic.
 */
const LIBS = join(__dirname, '..', '..', 'libs');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const IMPORT = /(?:import|export)\s[^;]*?from\s+'@lotstream\/([a-z-]+)(?:\/[a-z-]+)?'|import\(\s*'@lotstream\/([a-z-]+)/g;

export function libGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const lib of readdirSync(LIBS)) {
    const edges = new Set<string>();
    for (const file of walk(join(LIBS, lib, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = match[1] ?? match[2];
        if (target !== lib) edges.add(target);
      }
    }
    graph.set(lib, edges);
  }
  return graph;
}

/** One cycle of the graph as a path `a → b → … → a`, or undefined when it has none. */
export function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('library dependencies', () => {
  it('finds a cycle when there is one, and none in a tree', () => {
    const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
    expect(findCycle(g({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(g({ a: ['b', 'c'], b: ['c'], c: [] }))).toBeUndefined();
    expect(findCycle(g({ a: ['a'] }))).toEqual(['a', 'a']);
  });

  it('reads the real graph: quality depends on production, never the other way', () => {
    const graph = libGraph();
    expect(graph.get('quality')).toContain('production');
    expect(graph.get('production')).not.toContain('quality');
    expect(graph.get('domain')).toEqual(new Set());
  });

  it('has no import circle between libs', () => {
    expect(findCycle(libGraph())).toBeUndefined();
  });
});
