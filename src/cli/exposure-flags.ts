/** `--tls-cert/--tls-key/--insecure-plaintext` of `paseo daemon start|restart`: checked here, passed on in the environment. */
import path from 'node:path';
import type { Command } from 'commander';
import { EXPOSURE_ENV, checkExposure } from '../daemon/exposure.js';

export interface ExposureFlags {
  tlsCert?: string;
  tlsKey?: string;
  insecurePlaintext?: boolean;
  publicOrigin?: string;
}

export function exposureOptions(cmd: Command): Command {
  return cmd
    .option('--tls-cert <file>', 'serve https/wss with this PEM certificate (needed, with --tls-key, for a non-loopback --listen)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option('--insecure-plaintext', 'allow a non-loopback --listen without TLS (anyone on the path can read and hijack it)')
    .option('--public-origin <origin>', 'the origin phones open when a proxy fronts the daemon (e.g. https://host.tailnet.ts.net): accepted, and used in pairing links');
}

/**
 * Refuses a non-loopback listen without TLS or the explicit acknowledgement (one line, before anything starts), says
 * on stderr what is exposed, and sets the environment the spawned daemon reads the flags from.
 */
export function applyExposureFlags(listen: string, o: ExposureFlags): void {
  const opts = {
    listen,
    tlsCert: o.tlsCert ?? process.env[EXPOSURE_ENV.cert],
    tlsKey: o.tlsKey ?? process.env[EXPOSURE_ENV.key],
    insecurePlaintext: o.insecurePlaintext ?? process.env[EXPOSURE_ENV.insecure] === '1',
    publicOrigin: o.publicOrigin ?? process.env[EXPOSURE_ENV.publicOrigin],
  };
  const { notice, publicOrigin } = checkExposure(opts);
  if (notice) process.stderr.write(`paseo: ${notice}\n`);
  if (opts.tlsCert) process.env[EXPOSURE_ENV.cert] = path.resolve(opts.tlsCert);
  if (opts.tlsKey) process.env[EXPOSURE_ENV.key] = path.resolve(opts.tlsKey);
  if (opts.insecurePlaintext) process.env[EXPOSURE_ENV.insecure] = '1';
  if (publicOrigin) process.env[EXPOSURE_ENV.publicOrigin] = publicOrigin;
}
