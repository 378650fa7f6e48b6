// Health and counters for the UI and for Prometheus (text exposition format), served on loopback.
import { createServer, type Server } from 'node:http';

export interface SourceStatus {
  name: string;
  kind: string;
  records: number;
  quarantined: number;
  /** bytes waiting to be read (files) */
  lag: number;
  /** inputs dropped (undecodable datagrams, rejected files) */
  drops: number;
  /** records per second over the last interval */
  rate: number;
  lastError?: string;
}

export interface ServiceStatus {
  started: string;
  checkpoints: number;
  lastCheckpoint: string;
  sources: SourceStatus[];
}

function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function prometheusText(s: ServiceStatus): string {
  const out: string[] = [];
  const metric = (name: string, help: string, type: 'counter' | 'gauge', value: (x: SourceStatus) => number) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const src of s.sources) out.push(`${name}{source="${label(src.name)}",kind="${src.kind}"} ${value(src)}`);
  };
  metric('mamori_records_total', 'Records accepted from a source.', 'counter', (x) => x.records);
  metric('mamori_quarantined_total', 'Input lines kept in quarantine.', 'counter', (x) => x.quarantined);
  metric('mamori_drops_total', 'Inputs dropped (undecodable datagrams, rejected files).', 'counter', (x) => x.drops);
  metric('mamori_lag_bytes', 'Bytes of input not yet read.', 'gauge', (x) => x.lag);
  metric('mamori_records_per_second', 'Records per second over the last interval.', 'gauge', (x) => x.rate);
  out.push('# HELP mamori_checkpoints_total Checkpoints written.', '# TYPE mamori_checkpoints_total counter', `mamori_checkpoints_total ${s.checkpoints}`);
  return out.join('\n') + '\n';
}

export function serveMetrics(listen: string, status: () => ServiceStatus): Promise<Server> {
  const i = listen.lastIndexOf(':');
  const host = listen.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(listen.slice(i + 1));
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(prometheusText(status()));
    } else if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status()));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
