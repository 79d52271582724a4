import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { StartupError, systemReason } from './startupError.js';

/**
 * The port, held from before the database is opened until just before the HTTP server listens:
 * a busy port, a HOST that is not this machine's or a port that needs privileges is found before
 * anything is created, migrated or seeded.
 */
export interface PortReservation {
  /** The port held (the one the system chose when PORT=0). */
  readonly port: number;
  release(): Promise<void>;
}

export async function reservePort(host: string, port: number): Promise<PortReservation> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, host, port)));
    server.listen({ host, port }, () => resolve());
  });
  server.on('error', () => {}); // a failed accept while reserved is of no consequence
  const held = (server.address() as AddressInfo).port;
  return {
    port: held,
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One line for a failed listen on `host`:`port`, saying what to do. */
export function listenError(error: unknown, host: string, port: number): StartupError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = systemReason(error);
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(
        `port ${port} on ${host} is in use by another program (${reason}); stop it, or set PORT to a free port (PORT=0: any free one)`,
        'port-in-use',
      );
    case 'EACCES':
    case 'EPERM':
      return new StartupError(
        `port ${port} on ${host} needs privileges this process does not have (${reason}); set PORT to 1024 or above, e.g. PORT=8080`,
        'port-not-permitted',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return new StartupError(
        `HOST ${host} cannot be resolved to an address (${code}); set HOST to an address of this machine, e.g. 127.0.0.1, or 0.0.0.0 for every interface`,
        'host-unresolvable',
      );
    case 'EADDRNOTAVAIL':
      return new StartupError(
        `HOST ${host} is not an address of this machine (${reason}); set HOST to one of its addresses, e.g. 127.0.0.1, or 0.0.0.0 for every interface`,
        'host-not-local',
      );
    default:
      return new StartupError(
        `cannot listen on port ${port} on ${host} (${reason}); check HOST and PORT`,
        'listen-failed',
      );
  }
}

/** Where the server listens, as told to a person: the bound address, and a URL to open here. */
export interface ListenAddresses {
  /** `http://0.0.0.0:8080 (every IPv4 interface)`, `http://127.0.0.1:8080`, … */
  readonly listening: string;
  /** A URL that reaches the server from this machine (for the docs and curl lines). */
  readonly local: string;
}

export function listenAddresses(address: AddressInfo): ListenAddresses {
  const url = (host: string) => `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  if (address.address === '0.0.0.0')
    return { listening: `${url('0.0.0.0')} (every IPv4 interface)`, local: url('127.0.0.1') };
  if (address.address === '::')
    return { listening: `${url('::')} (every interface)`, local: url('::1') };
  return { listening: url(address.address), local: url(address.address) };
}
