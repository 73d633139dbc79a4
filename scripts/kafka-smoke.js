#!/usr/bin/env node
'use strict';
/*
 * Smoke test: prove kafkajs (2.2.4) works end to end against the local broker.
 *
 *   - create a fresh topic with 3 partitions
 *   - produce N (default 100) keyed messages with headers through the idempotent producer
 *     (idempotent: true, acks -1 / all, maxInFlightRequests 1)
 *   - consume all of them with a new consumer group (fromBeginning, autoCommit off),
 *     committing offsets manually
 *   - verify every message arrived exactly once with key, value and headers intact,
 *     per-key ordering held, and the committed group offsets equal the topic end offsets
 *
 * Usage: node scripts/kafka-smoke.js [--brokers host:port] [--messages N] [--keep-topic]
 * Env:   KAFKA_BROKERS (default 127.0.0.1:$KAFKA_PORT), KAFKA_PORT (default 9092)
 * Exit:  0 success, 1 failure.
 */
const { Kafka, logLevel, Partitioners, CompressionTypes } = require('kafkajs');

const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
}
const brokers = (opt('--brokers', process.env.KAFKA_BROKERS) || `127.0.0.1:${process.env.KAFKA_PORT || '9092'}`).split(',');
const total = Number(opt('--messages', '100'));
const keepTopic = args.includes('--keep-topic');
const PARTITIONS = 3;
const KEYS = 10;
const TIMEOUT_MS = 60000;

const runId = `${Date.now()}-${process.pid}`;
const topic = `lotstream.smoke.${runId}`;
const groupId = `lotstream-smoke-${runId}`;
const t0 = Date.now();
const step = (msg) => console.log(`kafka-smoke: [${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

async function main() {
  const kafka = new Kafka({
    clientId: 'lotstream-kafka-smoke',
    brokers,
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    allowAutoTopicCreation: false,
  });

  let exitCode = 1;
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    step(`connected to ${brokers.join(',')} (cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s), controller ${cluster.controller})`);

    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
    });
    assert(created, `topic ${topic} was newly created`);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    assert(md.topics[0].partitions.length === PARTITIONS, `${PARTITIONS} partitions`);
    step(`created topic ${topic} with ${PARTITIONS} partitions`);

    // ---- produce -----------------------------------------------------------
    await producer.connect();
    const expected = new Map(); // id -> { key, value, headers }
    const batches = [];
    for (let i = 0; i < total; i++) {
      const key = `lot-${i % KEYS}`;
      const value = JSON.stringify({ seq: i, key, at: new Date().toISOString() });
      const headers = { 'x-msg-id': `m-${i}`, 'x-seq': String(i), 'content-type': 'application/json' };
      expected.set(`m-${i}`, { key, value, seq: i });
      batches.push({ key, value, headers });
    }
    // several sends (not one giant batch) so the idempotent sequence numbers advance
    let produced = 0;
    for (let i = 0; i < batches.length; i += 20) {
      const res = await producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: batches.slice(i, i + 20),
      });
      for (const r of res) assert(r.errorCode === 0, `produce errorCode 0 on partition ${r.partition}`);
      produced += Math.min(20, batches.length - i);
    }
    step(`produced ${produced} messages (idempotent, acks=all, maxInFlightRequests=1)`);

    const endOffsets = await admin.fetchTopicOffsets(topic);
    const endSum = endOffsets.reduce((s, p) => s + Number(p.high), 0);
    assert(endSum === total, `sum of high watermarks ${endSum} === ${total}`);
    const nonEmpty = endOffsets.filter((p) => Number(p.high) > 0).length;
    step(`high watermarks ${endOffsets.map((p) => `p${p.partition}=${p.high}`).join(' ')}`);
    assert(nonEmpty > 1, 'keys spread over more than one partition');

    // ---- consume -----------------------------------------------------------
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const seen = new Map();
    const lastSeqPerKey = new Map();
    let done;
    let failed;
    const allReceived = new Promise((resolve) => (done = resolve));
    let joinedAt;
    consumer.on(consumer.events.CRASH, (e) => done(e.payload.error || new Error('consumer crashed')));
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      joinedAt = Date.now();
      step(`joined group ${groupId} as leader=${e.payload.isLeader} (${e.payload.duration} ms)`);
    });

    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        if (failed) return;
        try {
          for (const m of batch.messages) {
            const id = m.headers['x-msg-id'] && m.headers['x-msg-id'].toString();
            const exp = expected.get(id);
            assert(exp, `known message id ${id}`);
            assert(!seen.has(id), `no duplicate for ${id}`);
            assert(m.key.toString() === exp.key, `key of ${id}`);
            assert(m.value.toString() === exp.value, `value of ${id}`);
            assert(m.headers['x-seq'].toString() === String(exp.seq), `x-seq header of ${id}`);
            assert(m.headers['content-type'].toString() === 'application/json', `content-type header of ${id}`);
            const prev = lastSeqPerKey.get(exp.key);
            assert(prev === undefined || prev < exp.seq, `per-key order for ${exp.key}`);
            lastSeqPerKey.set(exp.key, exp.seq);
            seen.set(id, { partition: batch.partition, offset: m.offset });
            resolveOffset(m.offset);
          }
          // manual commit of the next offset to read
          const next = (BigInt(batch.lastOffset()) + 1n).toString();
          await consumer.commitOffsets([{ topic, partition: batch.partition, offset: next }]);
          await heartbeat();
          if (seen.size === total) done();
        } catch (err) {
          // do not let kafkajs retry the batch (that would hide the failure as duplicates)
          failed = err;
          done(err);
        }
      },
    });

    const timer = setTimeout(() => done(new Error(`consumed only ${seen.size}/${total} messages within ${TIMEOUT_MS / 1000}s`)), TIMEOUT_MS);
    const res = await allReceived;
    clearTimeout(timer);
    if (res instanceof Error) throw res;
    step(
      `consumed ${seen.size}/${total} messages, no duplicates, keys/values/headers intact, per-key order ok` +
        (joinedAt ? ` (${Date.now() - joinedAt} ms after join)` : ''),
    );

    await consumer.stop();
    // committed offsets must match end offsets
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPart = new Map(committed[0].partitions.map((p) => [p.partition, p.offset]));
    for (const p of endOffsets) {
      assert(byPart.get(p.partition) === p.high, `committed offset p${p.partition}=${byPart.get(p.partition)} === high ${p.high}`);
    }
    step(`committed offsets match high watermarks for group ${groupId}`);
    exitCode = 0;
  } catch (err) {
    console.error(`kafka-smoke: FAILED: ${err && err.stack ? err.stack : err}`);
  } finally {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    if (!keepTopic) {
      await admin.deleteGroups([groupId]).catch(() => {});
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    }
    await admin.disconnect().catch(() => {});
  }
  if (exitCode === 0) step('OK');
  process.exit(exitCode);
}

main().catch((err) => {
  console.error(`kafka-smoke: FAILED: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
