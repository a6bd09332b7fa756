import http from 'node:http';

/**
 * A small JSON client for load loops that need each answer (versions, ids), on `node:http` with
 * a keep-alive agent: N concurrent loops use N connections, like N clients. The load client
 * shares the machine's two cores with the server and PostgreSQL, and its cost per request is
 * charged to the server's figure; `fetch` (undici) cost ≈ 0.6 ms of CPU per request here
 * (issue 7, docs/BENCHMARKS.md), about as much as the server's own work on a transition.
 */
export function jsonClient(base: string) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const request = (
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: any; ms: number }> => {
    const t0 = performance.now();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const outgoing = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: payload
            ? { 'content-type': 'application/json', 'content-length': payload.length, ...headers }
            : headers,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: response.statusCode ?? 0,
              body: text ? JSON.parse(text) : null,
              ms: performance.now() - t0,
            });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  };
  return {
    get(path: string, headers: Record<string, string>) {
      return request('GET', path, undefined, headers);
    },
    post(path: string, body: unknown, headers: Record<string, string>) {
      return request('POST', path, body, headers);
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
