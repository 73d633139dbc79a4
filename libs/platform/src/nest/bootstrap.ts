import { DynamicModule, Global, INestApplication, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import type { LotstreamConfig } from '../config';
import { ProblemDetailsFilter } from '../http/problem.filter';
import { createValidationPipe } from '../http/validation';
import { httpMetricsMiddleware } from './http-metrics.middleware';
import { createRootLogger, requestLogging } from './request-logging';

const ROOT_LOGGER = 'lotstream:root-logger';

@Global()
@Module({})
class RequestLoggingModule {}

/**
 * JSON logs with a correlation id per request (taken from X-Correlation-Id or generated, and echoed).
 * nestjs-pino serves the Nest logger and the request context; the per-request part is
 * `requestLogging`, mounted by createHttpApp (hence `useExisting`: nestjs-pino adds no pino-http).
 */
export function loggerModule(config: LotstreamConfig): DynamicModule {
  const root = createRootLogger(config.logLevel);
  return {
    module: RequestLoggingModule,
    imports: [LoggerModule.forRoot({ pinoHttp: { logger: root }, useExisting: true })],
    providers: [{ provide: ROOT_LOGGER, useValue: root }],
    exports: [LoggerModule, ROOT_LOGGER],
  };
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
  // Before the body parser, so that a request refused for its body still gets its correlation id.
  app.use(requestLogging(app.get<PinoLogger>(ROOT_LOGGER)));
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
