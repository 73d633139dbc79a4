import { randomUUID } from 'node:crypto';
import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { LotstreamConfig } from '../config';
import { ProblemDetailsFilter } from '../http/problem.filter';
import { createValidationPipe } from '../http/validation';
import { httpMetricsMiddleware } from './http-metrics.middleware';

const CORRELATION_HEADER = 'x-correlation-id';

/** JSON logs with a correlation id per request (taken from X-Correlation-Id or generated, and echoed). */
export function loggerModule(config: LotstreamConfig): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers[CORRELATION_HEADER];
        const id = typeof given === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader(CORRELATION_HEADER, id);
        return id;
      },
      customAttributeKeys: { reqId: 'correlationId' },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
      redact: ['req.headers.authorization', 'req.headers["api-key"]'],
    },
  });
}

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Extra documents served beside Swagger (e.g. the AsyncAPI document). */
  configureDocs?: (app: INestApplication) => void;
}

/** Builds an HTTP app with the product's conventions: problem+json, strict validation, /docs. */
export async function createHttpApp(
  module: DynamicModule | Type<unknown>,
  config: LotstreamConfig,
  options: HttpAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware);
  app.use(json({ limit: config.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Lotstream API key' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  options.configureDocs?.(app);
  return app;
}
