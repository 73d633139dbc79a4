#!/usr/bin/env node
'use strict';
/*
 * Wait until a Kafka broker really accepts clients (used by scripts/kafka.sh start).
 *
 * "Ready" means, through kafkajs (the client the app uses):
 *   1. admin.connect() + metadata (listTopics)
 *   2. createTopics for a tiny readiness topic with waitForLeaders (controller + partition leadership work)
 *   3. admin.fetchOffsets for a consumer group -> FindCoordinator(GROUP) + OffsetFetch, which only
 *      succeeds once __consumer_offsets exists and its partition is loaded by the group coordinator.
 *      (On a single broker this never happens if offsets.topic.replication.factor is left at 3.)
 *   4. connect an idempotent producer -> InitProducerId. Right after startup the broker answers
 *      COORDINATOR_LOAD_IN_PROGRESS until it has fetched its first producer-id block from the
 *      controller; kafkajs retries that but logs it at ERROR level, so absorb it here instead of
 *      in the app's/tests' first producer.
 *
 * Usage: node scripts/kafka-wait.js [--brokers host:port] [--timeout seconds] [--pid PID] [--quiet]
 * Env:   KAFKA_BROKERS (default 127.0.0.1:$KAFKA_PORT), KAFKA_PORT (default 9092),
 *        KAFKA_WAIT_TIMEOUT (seconds, default 120)
 * Exit:  0 ready, 1 timed out, 2 usage error, 3 the --pid process exited while waiting.
 */
const net = require('net');
const { Kafka, logLevel, Partitioners } = require('kafkajs');

const READY_TOPIC = '__lotstream_ready';
const READY_GROUP = '__lotstream_ready';

function parseArgs(argv) {
  const opts = {
    brokers: process.env.KAFKA_BROKERS || `127.0.0.1:${process.env.KAFKA_PORT || '9092'}`,
    timeoutSec: Number(process.env.KAFKA_WAIT_TIMEOUT || 120),
    pid: undefined,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`missing value for ${a}`);
      return argv[++i];
    };
    if (a === '--brokers') opts.brokers = next();
    else if (a === '--timeout') opts.timeoutSec = Number(next());
    else if (a === '--pid') opts.pid = Number(next());
    else if (a === '--quiet' || a === '-q') opts.quiet = true;
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!Number.isFinite(opts.timeoutSec) || opts.timeoutSec <= 0) usage('--timeout must be > 0');
  return opts;
}

function usage(msg) {
  if (msg) console.error(`kafka-wait: ${msg}`);
  console.error('usage: node scripts/kafka-wait.js [--brokers host:port] [--timeout seconds] [--pid PID] [--quiet]');
  process.exit(msg ? 2 : 0);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

// Cheap TCP check (100 ms granularity) before paying for a full kafkajs probe.
function tcpOpen(broker) {
  const idx = broker.lastIndexOf(':');
  const host = broker.slice(0, idx);
  const port = Number(broker.slice(idx + 1));
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const finish = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => finish(false));
    sock.once('connect', () => finish(true));
    sock.once('error', () => finish(false));
  });
}

async function probe(brokers) {
  const kafka = new Kafka({
    clientId: 'lotstream-kafka-wait',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 10000,
    // fail fast inside one probe; the outer loop does the retrying
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  try {
    await admin.connect();
    const topics = await admin.listTopics();
    if (!topics.includes(READY_TOPIC)) {
      await admin.createTopics({
        waitForLeaders: true,
        timeout: 10000,
        topics: [{ topic: READY_TOPIC, numPartitions: 1, replicationFactor: 1 }],
      });
    }
    // Leader must be known for the readiness topic.
    const md = await admin.fetchTopicMetadata({ topics: [READY_TOPIC] });
    const p0 = md.topics[0] && md.topics[0].partitions[0];
    if (!p0 || p0.leader < 0) throw new Error(`no leader yet for ${READY_TOPIC}`);
    // Group-coordinator-dependent call (FindCoordinator + OffsetFetch).
    await admin.fetchOffsets({ groupId: READY_GROUP, topics: [READY_TOPIC] });
    // Idempotent producer id allocation (InitProducerId); nothing is produced.
    await producer.connect();
    return topics.length;
  } finally {
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const deadline = started + opts.timeoutSec * 1000;
  let attempt = 0; // full kafkajs probes
  let lastErr;
  let lastReported = '';
  while (Date.now() < deadline) {
    if (opts.pid && !pidAlive(opts.pid)) {
      console.error(`kafka-wait: broker process ${opts.pid} exited while waiting for ${opts.brokers}`);
      process.exit(3);
    }
    if (!(await tcpOpen(opts.brokers.split(',')[0]))) {
      lastErr = new Error(`connection refused by ${opts.brokers}`);
      await sleep(100);
      continue;
    }
    attempt++;
    try {
      const remaining = Math.max(1000, deadline - Date.now());
      await withTimeout(probe(opts.brokers), Math.min(30000, remaining), 'readiness probe');
      if (!opts.quiet) {
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`kafka-wait: ${opts.brokers} ready (metadata, topic leader, group coordinator, producer id) after ${secs}s, ${attempt} probe(s)`);
      }
      return;
    } catch (err) {
      lastErr = err;
      const msg = `${err && err.name ? err.name + ': ' : ''}${err && err.message ? err.message : String(err)}`;
      // print each distinct failure once so slow starts are visible but not noisy
      if (!opts.quiet && msg !== lastReported) {
        console.log(`kafka-wait: not ready yet (${msg})`);
        lastReported = msg;
      }
      await sleep(500);
    }
  }
  const msg = lastErr && lastErr.message ? lastErr.message : String(lastErr);
  console.error(`kafka-wait: ${opts.brokers} not ready after ${opts.timeoutSec}s (last error: ${msg})`);
  process.exit(1);
}

main().catch((err) => {
  console.error(`kafka-wait: unexpected error: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
