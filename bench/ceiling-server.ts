import 'reflect-metadata';
import * as http from 'node:http';
import { Body, Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { Pool } from 'pg';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createHttpApp, loadConfig, loggerModule } from '@lotstream/platform';

/**
 * What any HTTP write can reach on this machine, for the http suite: a server that does nothing
 * per request but parse the JSON body and run the raw baseline's single-row INSERT+commit of it.
 * No validation, no stream load, no idempotency, no hash chain. CEILING_MODE:
 * - `node`: node:http alone (no framework): the cost of HTTP itself next to the INSERT;
 * - `nest`: the product's createHttpApp (Express, body parser, logging and metrics middleware,
 *   problem filter, validation pipe) with one controller: the cost of the framework the product runs on;
 * - `nest-express` and `nest-fastify`: the same controller on a bare Nest app (its own JSON body
 *   parser, no product middleware, pipe or filter) on each of Nest's two HTTP adapters: the cost of
 *   the adapter alone, to decide between them.
 * Started by bench/http.bench.ts with fork(); sends `{port}` once listening; exits on `close`.
 */
const INSERT = `INSERT INTO raw_events (event_id, stream_id, stream_version, type, data, metadata, occurred_at, recorded_at, hash)
  VALUES (gen_random_uuid(), $1, $2::int, $3, $4::jsonb, $5::jsonb, now(), now(), md5($1 || $2::text)) RETURNING position`;
const METADATA = JSON.stringify({ actor: { keyId: 'k-bench', role: 'integration', label: 'bench MES' }, siteId: 'SITE-A', correlationId: 'bench' });

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 20) });
pool.on('error', () => undefined);
let version = 0;

async function insert(lot: string, kind: string, body: unknown): Promise<string> {
  const { rows } = await pool.query(INSERT, [
    `lot-${lot}`,
    ++version,
    kind === 'inspections' ? 'InspectionRecorded' : 'ProductionStepCompleted',
    JSON.stringify(body),
    METADATA,
  ]);
  return rows[0].position as string;
}

@Controller('ceiling')
class CeilingController {
  @Post('lots/:lot/:kind')
  @HttpCode(201)
  async write(@Param('lot') lot: string, @Param('kind') kind: string, @Body() body: unknown): Promise<{ position: string }> {
    return { position: await insert(lot, kind, body) };
  }
}

@Module({ imports: [loggerModule(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }))], controllers: [CeilingController] })
class CeilingModule {}

@Module({ controllers: [CeilingController] })
class BareCeilingModule {}

async function listenNode(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const [, , , lot, kind] = (request.url ?? '').split('/');
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        response.writeHead(400).end();
        return;
      }
      insert(lot, kind, body).then(
        (position) => response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ position })),
        () => response.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function main(): Promise<void> {
  let server: http.Server;
  let close: () => Promise<unknown>;
  const mode = process.env.CEILING_MODE ?? 'node';
  if (mode === 'nest-express' || mode === 'nest-fastify') {
    const app =
      mode === 'nest-fastify'
        ? await NestFactory.create(BareCeilingModule, new FastifyAdapter({ bodyLimit: 1_048_576 }), { logger: ['error'] })
        : await NestFactory.create(BareCeilingModule, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    server = app.getHttpServer();
    close = () => app.close();
  } else if (mode === 'nest') {
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
    const app = await createHttpApp(CeilingModule, config, { title: 'ceiling', description: 'bench' });
    await app.listen(0, '127.0.0.1');
    server = app.getHttpServer();
    close = () => app.close();
  } else {
    server = await listenNode();
    close = () => new Promise((resolve) => server.close(resolve));
  }
  const shutdown = async () => {
    await close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'close') void shutdown();
  });
  process.on('disconnect', () => void shutdown());
  process.send?.({ port: (server.address() as { port: number }).port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
