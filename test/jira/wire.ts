import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply = { status: number; body?: string; headers?: Record<string, string> };

/** A real local HTTP server answering from a script (the last reply repeats), so the client is tested on the wire. */
export async function serve(replies: Reply[]) {
  const seen: { method: string; url: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body });
      const r = replies[Math.min(seen.length - 1, replies.length - 1)];
      res.writeHead(r.status, { 'Content-Type': 'application/json', ...r.headers });
      res.end(r.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
