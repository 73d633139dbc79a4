/** Brokers for Kafka tests, or undefined (with the reason printed by the global setup). */
export function testKafkaBrokers(): string[] | undefined {
  const brokers = process.env.KAFKA_BROKERS;
  return brokers ? brokers.split(',') : undefined;
}

/** `describe` when a real broker is available, otherwise a skipped block that says why. */
export function describeWithKafka(name: string, body: () => void): void {
  if (testKafkaBrokers()) {
    describe(name, body);
  } else {
    const reason = process.env.KAFKA_SKIP_REASON ?? 'KAFKA_BROKERS is not set';
    describe.skip(`${name} (skipped: ${reason})`, body);
  }
}
