import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry and the product's metrics. One per process (module scope), so
 * several Nest apps in one process (tests, standalone) share it instead of registering twice.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'lotstream_process_' });

export const metrics = {
  appends: new Counter({
    name: 'lotstream_event_appends_total',
    help: 'Appends to the event store, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  appendedEvents: new Counter({ name: 'lotstream_events_appended_total', help: 'Events appended', registers: [registry] }),
  appendSeconds: new Histogram({
    name: 'lotstream_event_append_duration_seconds',
    help: 'Latency of one append (one transaction)',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  }),
  httpRequests: new Counter({
    name: 'lotstream_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  }),
  httpSeconds: new Histogram({
    name: 'lotstream_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  }),
  relayLagEvents: new Gauge({ name: 'lotstream_relay_lag_events', help: 'Events in the store not yet published', registers: [registry] }),
  relayPublished: new Counter({ name: 'lotstream_relay_published_total', help: 'Events published to Kafka', registers: [registry] }),
  projectorLagEvents: new Gauge({
    name: 'lotstream_projector_lag_events',
    help: 'Events in the store not yet applied to read models',
    registers: [registry],
  }),
  projectorLagSeconds: new Gauge({
    name: 'lotstream_projector_lag_seconds',
    help: 'Age of the oldest event not yet applied to read models (0 when caught up)',
    registers: [registry],
  }),
  safeOrderHeldBackEvents: new Gauge({
    name: 'lotstream_safe_order_held_back_events',
    help: 'Committed events safe-order readers cannot read yet (an older transaction on the server is still open)',
    registers: [registry],
  }),
  safeOrderHeldBackSeconds: new Gauge({
    name: 'lotstream_safe_order_held_back_seconds',
    help: 'How long the oldest held-back event has waited (0 when none)',
    registers: [registry],
  }),
  safeOrderBlockerAgeSeconds: new Gauge({
    name: 'lotstream_safe_order_blocker_age_seconds',
    help: 'Age of the open writing transaction holding safe-order readers back (0 when none does)',
    registers: [registry],
  }),
  safeOrderBlockerPid: new Gauge({
    name: 'lotstream_safe_order_blocker_pid',
    help: 'Server process id of the backend holding safe-order readers back (0 when none)',
    registers: [registry],
  }),
  projectorApplied: new Counter({ name: 'lotstream_projector_applied_total', help: 'Events applied to read models', registers: [registry] }),
};
