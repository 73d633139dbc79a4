import { DynamicModule, Global, INestApplication, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, text, type NextFunction, type Request, type Response } from 'express';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import type { LotstreamConfig } from '../config';
import { problem, ProblemError } from '../http/problem';
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

/**
 * The JSON body parser, its parse failure answered as `malformed-json`. Nest turns body-parser's
 * SyntaxError into a bare BadRequestException before any filter sees it (the type and the cause are
 * lost there), so the failure becomes the problem here; size and encoding errors pass on as they are.
 */
function jsonBody(limit: string | number): (req: Request, res: Response, next: NextFunction) => void {
  const parse = json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.parse.failed') {
        next(new ProblemError(problem(400, 'malformed-json', 'The request body is not valid JSON.')));
        return;
      }
      next(error as Error | undefined);
    });
}

/**
 * The XML body parser (B2MML intake): the body stays text for the B2MML route's own safe parser.
 * Over the limit is answered 400 like every other refused XML document (nothing is parsed or stored).
 */
function xmlBody(limit: string | number): (req: Request, res: Response, next: NextFunction) => void {
  const parse = text({ limit, type: ['application/xml', 'text/xml', 'application/*+xml'] });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        next(new ProblemError(problem(400, 'xml-too-large', `The XML document exceeds the body limit (${String(limit)}).`)));
        return;
      }
      next(error as Error | undefined);
    });
}

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Extra documents served beside Swagger (e.g. the AsyncAPI document). */
  configureDocs?: (app: INestApplication) => void;
}

/** Builds an HTTP app with the product's conventions: problem+json, strict validation, /docs. */
export async function createHttpApp(module: DynamicModule | Type<unknown>, config: LotstreamConfig, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware);
  // Before the body parser, so that a request refused for its body still gets its correlation id.
  app.use(requestLogging(app.get<PinoLogger>(ROOT_LOGGER)));
  app.use(jsonBody(config.bodyLimit));
  app.use(xmlBody(config.bodyLimit));
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
