/**
 * Progress of a long operation on stderr: a redrawn bar with rate and ETA on a terminal, plain lines
 * every few seconds otherwise (logs, CI), and one closing line either way.
 */
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private done = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private total: number | undefined,
    private readonly unit = 'events',
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly tty = Boolean(process.stderr.isTTY),
  ) {}

  update(done: number, total?: number): void {
    this.done = done;
    if (total !== undefined) this.total = total;
    const now = Date.now();
    if (now - this.lastDraw < (this.tty ? 100 : 2000)) return;
    this.lastDraw = now;
    this.draw(false);
  }

  finish(summary?: string): void {
    this.draw(true);
    if (summary) this.out.write(`${summary}\n`);
  }

  private draw(final: boolean): void {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    const rate = this.done / seconds;
    const total = this.total && this.total >= this.done ? this.total : undefined;
    const ratio = total ? this.done / total : undefined;
    const eta = total && rate > 0 ? (total - this.done) / rate : undefined;
    const figures = [
      `${this.done.toLocaleString('en-US')}${total ? `/${total.toLocaleString('en-US')}` : ''} ${this.unit}`,
      `${Math.round(rate).toLocaleString('en-US')} ${this.unit}/s`,
      final ? `${seconds.toFixed(1)}s` : eta !== undefined ? `ETA ${formatSeconds(eta)}` : undefined,
    ].filter(Boolean);
    if (this.tty) {
      const width = 28;
      const filled = ratio === undefined ? 0 : Math.min(width, Math.round(ratio * width));
      const bar =
        ratio === undefined
          ? ''
          : `[${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}] ${Math.floor(ratio * 100)}% `;
      this.out.write(`\r\x1b[2K${this.label} ${bar}${figures.join('  ')}${final ? '\n' : ''}`);
      this.drawn = true;
    } else if (final || this.done > 0) {
      const percent = ratio === undefined ? '' : ` (${Math.floor(ratio * 100)}%)`;
      this.out.write(`${this.label}: ${figures[0]}${percent}, ${figures.slice(1).join(', ')}\n`);
    }
  }

  get wasDrawn(): boolean {
    return this.drawn;
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
