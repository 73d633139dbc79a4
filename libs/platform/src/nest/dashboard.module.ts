import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Controller, DynamicModule, Get, Inject, Module, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { problem, ProblemError } from '../http/problem';
import { Public } from './public.decorator';

/**
 * The built dashboard (apps/dashboard, `npm run build:dashboard`): index.html and assets/. Compiled,
 * this file lives one directory deeper (dist/libs/…), and the dashboard stays where it was built.
 */
export const DASHBOARD_DIST = resolve(__dirname, __filename.endsWith('.js') ? '../../../../..' : '../../../..', 'apps/dashboard/dist');
const DASHBOARD_DIR = 'lotstream:dashboard-dir';

/**
 * Served with every dashboard response. Everything comes from this origin: no inline script, no
 * framing, no plugins. Styles: 'self' only; the charts and the graph draw on canvas and set element
 * styles through the CSSOM, which style-src does not govern (see apps/dashboard/README.md).
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

function securityHeaders(response: Response): void {
  response.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** Vite's output names: `index-3f9a1c2b.js`, `index-3f9a1c2b.css`. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * The web UI at `/`: each page route (a URL a person can bookmark) answers index.html, which routes
 * in the browser; hashed assets under /assets. API routes (/v1, /docs, /health, /metrics) are not
 * touched: only these paths are registered, so anything else is still the API's 404 problem.
 */
@ApiExcludeController()
@Public()
@Controller()
export class DashboardController {
  constructor(@Inject(DASHBOARD_DIR) private readonly dir: string) {}

  @Get([
    '',
    'sign-in',
    'audit',
    'lots/:lotNumber',
    'lots/:lotNumber/first-article',
    'parts/:partNumber/characteristics/:characteristicId',
    'equipment/:equipmentId',
    'equipment/:equipmentId/msa-studies/:studyId',
    'prototypes/:buildId',
    'people/:personId',
    'documents/:documentId',
    'suppliers/:supplierId',
  ])
  page(@Res() response: Response): void {
    securityHeaders(response);
    const index = join(this.dir, 'index.html');
    if (!existsSync(index)) {
      response
        .status(503)
        .type('text/plain')
        .send('The dashboard is not built: run `npm run build:dashboard` (npm start builds it when it is missing or stale).\n');
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile('index.html', { root: this.dir, dotfiles: 'deny', lastModified: true });
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    securityHeaders(response);
    if (!ASSET_NAME.test(file) || file.includes('..') || !existsSync(join(this.dir, 'assets', file))) {
      throw new ProblemError(problem(404, 'not-found', `No dashboard asset ${file}.`));
    }
    // Content-hashed names: a new build has new names, so an asset never changes under its name.
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.sendFile(file, { root: join(this.dir, 'assets'), dotfiles: 'deny' });
  }
}

/** Serves the dashboard; imported by the apps that answer queries (query-api, standalone). */
@Module({})
export class DashboardModule {
  static register(options: { dir?: string } = {}): DynamicModule {
    return {
      module: DashboardModule,
      controllers: [DashboardController],
      providers: [{ provide: DASHBOARD_DIR, useValue: options.dir ?? DASHBOARD_DIST }],
    };
  }
}
