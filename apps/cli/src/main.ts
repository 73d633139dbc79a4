import 'reflect-metadata';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import {
  AuditVerifier,
  SignatureBindings,
  COMMAND_SIDE_EVOLVERS,
  exportEvents,
  GlobalCheckpoints,
  ImportLineInvalid,
  importEvents,
  InvalidCursor,
  StreamReplay,
} from '@lotstream/audit';
import { ImportRejected, PostgresEventStore, Upcasters } from '@lotstream/event-store';
import { ProjectionRebuild } from '@lotstream/messaging';
import { createDataSource, openDatabase, poolOf } from '@lotstream/platform';
import { ALL_MIGRATIONS, ALL_READ_MODELS, ALL_UPCASTERS } from '@lotstream/schema';
import { Progress } from './progress';

/** Exit codes: 0 done (verify: intact), 1 verify found tampering or the operation failed, 2 usage or configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const USAGE = `Usage: lotstream <command> [options]     (connects to DATABASE_URL)

  export   [--out FILE] [--after CURSOR]      the event log as NDJSON (stdout by default), in safe order,
                                              exactly as stored; prints the cursor to resume after it
  import   [--in FILE]                        an export into a fresh database (stdin by default); every
                                              link is checked and the hash chains come out identical
  verify   [--stream ID] [--checkpoint HASH] [--json]
                                              recompute every hash chain and compare the store with the
                                              latest global checkpoint (or the one of HASH); exit 1 if broken
  checkpoint                                  record a global checkpoint now and print its hash
  rebuild                                     rebuild every read model into a fresh schema and swap
  replay   --stream ID [--as-of TIME] [--version N]
                                              the stream's events up to that moment or version, and its state
  help`;

class UsageError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

export async function runCli(argv: string[], io: Io = process): Promise<number> {
  const [command, ...rest] = argv;
  const say = (line: string): void => void io.stderr.write(`${line}\n`);
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    (command ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return command ? EXIT.ok : EXIT.usage;
  }
  let dataSource: DataSource | undefined;
  try {
    const options = parseOptions(command, rest);
    const url = process.env.DATABASE_URL;
    if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new UsageError('DATABASE_URL must be set to a postgres:// URL');
    // Writers make sure the schema is there; readers (an auditor's read-only role) only connect.
    const writes = ['import', 'checkpoint', 'rebuild'].includes(command);
    dataSource = writes ? await openDatabase(url, ALL_MIGRATIONS, 4) : await createDataSource(url, ALL_MIGRATIONS, 4).initialize();
    const pool = poolOf(dataSource);
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool, () => new Date(), new Upcasters(ALL_UPCASTERS));
    const checkpoints = new GlobalCheckpoints(pool);

    switch (command) {
      case 'export': {
        const total = Number((await store.headPosition()).count);
        const progress = new Progress('export', total);
        const out = options.out ? createWriteStream(options.out) : io.stdout;
        const result = await exportEvents(store, out as NodeJS.WritableStream as never, {
          after: options.after,
          onProgress: (n) => progress.update(n),
        });
        if (options.out) {
          (out as NodeJS.WritableStream).end();
          await finished(out as never);
        }
        progress.finish(`exported ${result.exported} events; to continue later: --after ${result.next}`);
        return EXIT.ok;
      }
      case 'import': {
        const existing = Number((await store.headPosition()).count);
        if (existing > 0) throw new UsageError(`import needs a fresh database: this one holds ${existing} events`);
        const size = options.in ? statSync(options.in).size : undefined;
        const input: NodeJS.ReadableStream = options.in ? createReadStream(options.in) : io.stdin;
        let bytes = 0;
        input.on('data', (chunk: Buffer | string) => {
          bytes += chunk.length;
        });
        const progress = new Progress('import', size, 'bytes');
        let imported = 0;
        await importEvents(store, input as never, {
          onProgress: (n) => {
            imported = n;
            progress.update(bytes);
          },
        });
        progress.finish(`imported ${imported} events`);
        const verified = await store.verify();
        if (!verified.ok) {
          say(`imported, but verification fails: ${JSON.stringify(verified.firstBroken)}`);
          return EXIT.failed;
        }
        say(`verified ${verified.checked} events: every hash chain is intact`);
        return EXIT.ok;
      }
      case 'verify': {
        const total = options.stream ? undefined : Number((await store.headPosition()).count);
        const progress = new Progress('verify', total);
        const result = await new AuditVerifier(store, checkpoints, new SignatureBindings(pool)).verify({
          streamId: options.stream,
          checkpointHash: options.checkpoint,
          onProgress: (n) => progress.update(n),
        });
        progress.finish();
        if (options.json) io.stdout.write(`${JSON.stringify(result)}\n`);
        if (result.ok) {
          const against = result.checkpoint
            ? `; matches global checkpoint ${result.checkpoint.id} of ${result.checkpoint.createdAt} (${result.checkpoint.hash})`
            : '; no global checkpoint to compare with';
          if (!options.json) io.stdout.write(`OK: ${result.checked} events verified${options.stream ? ` in ${options.stream}` : against}\n`);
          return EXIT.ok;
        }
        const broken = result.firstBroken!;
        if (!options.json) {
          io.stdout.write(
            `BROKEN: ${broken.reason}\n  stream ${broken.streamId}, version ${broken.streamVersion}${broken.position ? `, position ${broken.position}` : ''}\n  ${result.checked} events verified before it\n`,
          );
        }
        return EXIT.failed;
      }
      case 'checkpoint': {
        const checkpoint = (await checkpoints.record('cli'))!;
        io.stdout.write(
          `checkpoint ${checkpoint.id} at ${checkpoint.createdAt}: ${checkpoint.eventCount} events, ${checkpoint.streamCount} streams, up to position ${checkpoint.maxPosition}\nhash ${checkpoint.hash}\n`,
        );
        return EXIT.ok;
      }
      case 'rebuild': {
        const rebuild = new ProjectionRebuild(pool, store, ALL_READ_MODELS, () => undefined);
        const progress = new Progress('rebuild', undefined);
        const done = await rebuild.runToEnd((p) => progress.update(p.eventsApplied, Math.max(p.eventsAtStart, p.eventsApplied)));
        progress.finish(`rebuilt ${ALL_READ_MODELS.length} read models from ${done.eventsApplied} events (${done.eventsPerSecond} events/s)`);
        return EXIT.ok;
      }
      case 'replay': {
        const replayed = await new StreamReplay(store, COMMAND_SIDE_EVOLVERS).replay(options.stream!, {
          asOf: options.asOf,
          toVersion: options.version,
        });
        if (!replayed) {
          say(`stream ${options.stream} does not exist`);
          return EXIT.failed;
        }
        io.stdout.write(`${JSON.stringify(replayed, null, 2)}\n`);
        return EXIT.ok;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      say(`lotstream: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof InvalidCursor || error instanceof ImportLineInvalid || error instanceof ImportRejected) {
      say(`lotstream ${command}: ${error.message}`);
      return EXIT.failed;
    }
    say(`lotstream ${command} failed: ${(error as Error).message ?? error}`);
    return EXIT.failed;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}

interface Options {
  out?: string;
  in?: string;
  after?: string;
  stream?: string;
  checkpoint?: string;
  asOf?: string;
  version?: number;
  json?: boolean;
}

function parseOptions(command: string, args: string[]): Options {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: 'string', short: 'o' },
      in: { type: 'string', short: 'i' },
      after: { type: 'string' },
      stream: { type: 'string' },
      checkpoint: { type: 'string' },
      'as-of': { type: 'string' },
      version: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const options: Options = {
    out: values.out,
    in: values.in === '-' ? undefined : values.in,
    after: values.after,
    stream: values.stream,
    checkpoint: values.checkpoint,
    asOf: values['as-of'],
    json: values.json,
  };
  if (values.version !== undefined) {
    const version = Number(values.version);
    if (!Number.isInteger(version) || version < 1) throw new UsageError('--version must be a positive integer');
    options.version = version;
  }
  if (options.asOf !== undefined && Number.isNaN(Date.parse(options.asOf))) throw new UsageError('--as-of must be an ISO-8601 time');
  if (command === 'replay' && !options.stream) throw new UsageError('replay needs --stream');
  if (options.checkpoint !== undefined && !/^[a-f0-9]{64}$/.test(options.checkpoint)) throw new UsageError('--checkpoint must be a 64-hex-digit hash');
  return options;
}

/** Exits once stdout has taken everything (a piped export must not be cut short). */
export async function exitWith(code: number): Promise<void> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then(exitWith);
}
