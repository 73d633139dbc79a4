import { eventStoreBench } from './event-store.bench';
import { Figure, renderTable, writeResults } from './harness';

/**
 * `npm run bench [-- suite ...]`: runs the benchmark suites against DATABASE_URL's server (default
 * the local PostgreSQL) and writes bench/results/latest.md. Never part of `npm test`.
 * BENCH_SCALE (default 1) multiplies the amount of work.
 */
const SUITES: Record<string, (scale: number) => Promise<Figure[]>> = {
  'event-store': eventStoreBench,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const figures: Figure[] = [];
  for (const [name, suite] of Object.entries(SUITES)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    console.error(`bench: running ${name} …`);
    const result = await suite(scale);
    console.error(renderTable(result));
    figures.push(...result);
  }
  console.log(writeResults(figures));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
