/** Picks a free TCP port by binding port 0 and releasing it; used when a listener asks for port 0. */
import { createServer } from 'node:net';

export function reserveFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`could not reserve a port on ${host}`))));
    });
  });
}
