import { X509Certificate } from 'node:crypto';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { certificateCommonName, createCertificateAuthority, issuePartyCertificate } from './certificates.ts';

// A real TLS handshake with client certificates decides whether the material works; node:crypto checks the chain.
async function handshake(
  server: { certPem: string; keyPem: string; caPem: string },
  client: { certPem: string; keyPem: string; caPem: string },
): Promise<{ ok: boolean; peerCn?: string; error?: string }> {
  const srv = createServer({
    cert: server.certPem,
    key: server.keyPem,
    ca: server.caPem,
    requestCert: true,
    rejectUnauthorized: true,
  });
  let peerCn: string | undefined;
  srv.on('secureConnection', (socket: TLSSocket) => {
    peerCn = socket.getPeerCertificate().subject?.CN as string | undefined;
    socket.end('hi');
  });
  srv.on('tlsClientError', () => {});
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  try {
    return await new Promise((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        cert: client.certPem,
        key: client.keyPem,
        ca: client.caPem,
        servername: 'localhost',
      });
      socket.on('data', () => {
        socket.end();
        resolve({ ok: true, peerCn });
      });
      socket.on('error', (e) => resolve({ ok: false, error: e.message }));
      socket.on('close', () => resolve({ ok: false, error: 'closed' }));
    });
  } finally {
    srv.close();
  }
}

describe('party certificates', () => {
  it('issues certificates that complete a mutual TLS handshake and name the party', async () => {
    const ca = await createCertificateAuthority('kms test ca');
    const p1 = await issuePartyCertificate(ca, 'p1', ['localhost', '127.0.0.1']);
    const p2 = await issuePartyCertificate(ca, 'p2', ['localhost', '127.0.0.1']);
    expect(certificateCommonName(p1.certPem)).toBe('p1');
    expect(new X509Certificate(p1.certPem).checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    const result = await handshake({ ...p1, caPem: ca.certPem }, { ...p2, caPem: ca.certPem });
    expect(result).toMatchObject({ ok: true, peerCn: 'p2' });
  });

  it('refuses a client whose certificate comes from another CA', async () => {
    const ca = await createCertificateAuthority('kms test ca');
    const rogueCa = await createCertificateAuthority('rogue ca');
    const p1 = await issuePartyCertificate(ca, 'p1', ['localhost']);
    const rogue = await issuePartyCertificate(rogueCa, 'p2', ['localhost']);
    const result = await handshake({ ...p1, caPem: ca.certPem }, { ...rogue, caPem: ca.certPem });
    expect(result.ok).toBe(false);
  });

  it('rejects names that would need escaping', async () => {
    await expect(createCertificateAuthority('a,CN=b')).rejects.toThrow(RangeError);
  });
});
