/**
 * Configuration from the environment, validated once at start. A bad value stops the process with
 * a message that names the variable.
 */
export interface LotstreamConfig {
  port: number;
  databaseUrl?: string;
  embeddedPgPort: number;
  dataDir: string;
  dbPoolSize: number;
  kafkaBrokers?: string[];
  kafkaTopicPrefix: string;
  kafkaClientId: string;
  /** Replication factor of the topics the service creates (unset: the broker's default.replication.factor). */
  kafkaReplicationFactor?: number;
  /** min.insync.replicas of the topics the service creates (unset: the broker's default). */
  kafkaMinInsyncReplicas?: number;
  adminApiKey?: string;
  logLevel: string;
  bodyLimit: string;
  /** Kafka MES intake identity when a message carries no api-key header (e.g. "integration:SITE-A"). */
  mesIntegrationKey?: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LotstreamConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const optionalInt = (name: string, min: number, max: number): number | undefined => {
    const raw = env[name];
    return raw === undefined || raw === '' ? undefined : int(name, 0, min, max);
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must be a postgres:// or postgresql:// URL (got "${databaseUrl}")`);
  }
  let kafkaBrokers: string[] | undefined;
  if (env.KAFKA_BROKERS) {
    kafkaBrokers = env.KAFKA_BROKERS.split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    for (const broker of kafkaBrokers) {
      if (!/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(broker)) problems.push(`KAFKA_BROKERS entry "${broker}" must be host:port`);
    }
  }
  const prefix = env.KAFKA_TOPIC_PREFIX ?? 'lotstream.';
  if (!/^[A-Za-z0-9._-]{0,100}$/.test(prefix)) problems.push(`KAFKA_TOPIC_PREFIX may hold only [A-Za-z0-9._-] (got "${prefix}")`);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }
  if (env.ADMIN_API_KEY !== undefined && env.ADMIN_API_KEY !== '' && env.ADMIN_API_KEY.length < 24) {
    problems.push('ADMIN_API_KEY must be at least 24 characters');
  }
  const config: LotstreamConfig = {
    port: int('PORT', 3000, 0, 65535),
    databaseUrl,
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    dataDir: env.LOTSTREAM_DATA_DIR || '.data',
    dbPoolSize: int('DB_POOL_SIZE', 20, 1, 500),
    kafkaBrokers,
    kafkaTopicPrefix: prefix,
    kafkaClientId: env.KAFKA_CLIENT_ID || 'lotstream',
    kafkaReplicationFactor: optionalInt('KAFKA_REPLICATION_FACTOR', 1, 16),
    kafkaMinInsyncReplicas: optionalInt('KAFKA_MIN_INSYNC_REPLICAS', 1, 16),
    adminApiKey: env.ADMIN_API_KEY || undefined,
    logLevel,
    bodyLimit: env.BODY_LIMIT || '2mb',
    mesIntegrationKey: env.MES_INTEGRATION_API_KEY || undefined,
  };
  if (
    config.kafkaReplicationFactor !== undefined &&
    config.kafkaMinInsyncReplicas !== undefined &&
    config.kafkaMinInsyncReplicas > config.kafkaReplicationFactor
  ) {
    problems.push(`KAFKA_MIN_INSYNC_REPLICAS (${config.kafkaMinInsyncReplicas}) may not exceed KAFKA_REPLICATION_FACTOR (${config.kafkaReplicationFactor})`);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
