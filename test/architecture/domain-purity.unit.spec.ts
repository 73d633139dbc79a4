import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

/**
 * Domain code is pure: loading a domain file — a decision, a state, an event catalogue, a rule —
 * must not load Nest, TypeORM, kafkajs or pg, not even through a barrel. Each file is loaded in a
 * fresh Node process (purity-probe.js), which reports the framework modules it found in its module
 * cache afterwards.
 */
const ROOT = join(__dirname, '..', '..');
const CONTEXTS = ['production', 'quality', 'metrology', 'prototyping', 'personnel', 'documents', 'sites', 'suppliers'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const isSource = (path: string) => path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts');

/** Every domain file: libs/domain, the SPC and consistency rules, and each context's states, events and decisions. */
export function domainFiles(): string[] {
  const files = [
    ...walk(join(ROOT, 'libs/domain/src')),
    ...walk(join(ROOT, 'libs/repeatability/src/spc')),
    join(ROOT, 'libs/repeatability/src/part-consistency/part-consistency.evaluate.ts'),
    join(ROOT, 'libs/repeatability/src/characteristic-capability/measurement-system.ts'),
    join(ROOT, 'libs/repeatability/src/characteristic-capability/supplier-groups.ts'),
    ...walk(join(ROOT, 'libs/metrology/src/msa')),
    join(ROOT, 'libs/metrology/src/domain.ts'),
    ...CONTEXTS.flatMap((context) =>
      walk(join(ROOT, 'libs', context, 'src')).filter(
        // `<use-case>/<use-case>.ts` is the decision; `*.state.ts` and `*.events.ts` what it folds.
        (path) => /\.(state|events)\.ts$/.test(path) || basename(path) === `${basename(dirname(path))}.ts`,
      ),
    ),
  ];
  return [...new Set(files.filter(isSource))].map((path) => relative(ROOT, path)).sort();
}

const run = promisify(execFile);

async function frameworkModulesLoadedBy(file: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, [join(__dirname, 'purity-probe.js'), file], { cwd: ROOT, maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

describe('domain purity (each domain file in a fresh process)', () => {
  it('finds the domain files of every context', () => {
    const files = domainFiles();
    for (const expected of [
      'libs/domain/src/decider/decider.ts',
      'libs/domain/src/validity/work-conditions.ts',
      'libs/production/src/lot/lot.state.ts',
      'libs/production/src/lot/register-lot/register-lot.ts',
      'libs/quality/src/inspection/record-inspection/record-inspection.ts',
      'libs/personnel/src/person/person.state.ts',
      'libs/repeatability/src/part-consistency/part-consistency.evaluate.ts',
    ]) {
      expect(files).toContain(expected);
    }
    expect(files.some((f) => f.endsWith('.handler.ts') || f.endsWith('.module.ts'))).toBe(false);
  });

  it('notices a file that loads the framework (the probe can fail)', async () => {
    expect(await frameworkModulesLoadedBy('libs/production/src/lot/record-production-step/record-production-step.handler.ts')).toEqual(
      expect.arrayContaining(['@nestjs/cqrs']),
    );
  }, 60_000);

  it('loads no Nest, TypeORM, kafkajs or pg module from any domain file', async () => {
    const files = domainFiles();
    const loaded = await inParallel(files, 2, async (file) => ({ file, modules: await frameworkModulesLoadedBy(file) }));
    expect(loaded.filter((l) => l.modules.length > 0)).toEqual([]);
  }, 600_000);
});
