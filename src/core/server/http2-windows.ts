// grpc-js servers announce HTTP/2's default receive windows (64 KiB per stream and per connection) and have no
// option to raise them. A larger message (one compressed squashed-noise list is ≈ 98 KB) then stalls after 64 KiB
// until the server's WINDOW_UPDATE has gone through both event loops: a round trip per request, worst on a busy
// machine. This widens the windows of every HTTP/2 server the process creates afterwards: the stream window in
// the SETTINGS it announces, the connection window as soon as a session is up. Messages stay bounded by the
// servers' message size limits.
import http2 from 'node:http2';

/** Receive window announced per stream. */
export const STREAM_WINDOW_BYTES = 4 << 20;
/** Receive window of each connection (all its streams together). */
export const CONNECTION_WINDOW_BYTES = 8 << 20;

let widened = false;

/** Idempotent; call before the servers are bound. */
export function widenHttp2ReceiveWindows(): void {
  if (widened) return;
  widened = true;
  type Create = (options: unknown, listener: unknown) => http2.Http2Server;
  const module = http2 as unknown as Record<'createServer' | 'createSecureServer', Create>;
  for (const name of ['createServer', 'createSecureServer'] as const) {
    const create = module[name];
    module[name] = (options?: unknown, listener?: unknown) => {
      const given = typeof options === 'object' && options !== null ? (options as http2.ServerOptions) : {};
      const server = create.call(
        http2,
        { ...given, settings: { ...given.settings, initialWindowSize: STREAM_WINDOW_BYTES } },
        typeof options === 'function' ? options : listener,
      );
      server.on('session', (session: http2.ServerHttp2Session) => {
        const widen = () => {
          if (!session.destroyed) session.setLocalWindowSize(CONNECTION_WINDOW_BYTES);
        };
        if (session.connecting) session.once('connect', widen);
        else widen();
      });
      return server;
    };
  }
}
