import type { NextFunction, Request, Response } from 'express';
import { metrics } from '../metrics';

/** Counts requests by route template (never the raw URL, whose lot numbers would explode cardinality). */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const route = (req.route?.path as string | undefined) ?? 'unmatched';
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    metrics.httpSeconds.observe({ method: req.method, route }, seconds);
  });
  next();
}
