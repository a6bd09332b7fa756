/**
 * A small JSON client for load loops that need each answer (versions, ids). Node's fetch keeps
 * connections alive, so N concurrent loops use N connections, like N clients.
 */
export function jsonClient(base: string) {
  return {
    async post(
      path: string,
      body: unknown,
      headers: Record<string, string>,
    ): Promise<{ status: number; body: any; ms: number }> {
      const t0 = performance.now();
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : null,
        ms: performance.now() - t0,
      };
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
