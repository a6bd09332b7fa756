import path from 'node:path';
import type { Config } from '../config.js';
import { LocalTestSigner } from './local-signer.js';
import type { Signer } from './signer.js';

export { LOCAL_TEST_SUBJECT, LocalTestSigner } from './local-signer.js';
export type {
  SignatureRecord,
  Signer,
  SignerIdentity,
  SignResult,
  VerifyFailure,
  VerifyResult,
} from './signer.js';

const cache = new WeakMap<object, Signer>();

/**
 * The configured signer. Only the local test signer ships (key under
 * `<storageDir>/signing/`); a real provider (USB token, remote signing service) is added here
 * behind MOTCUA_SIGNER. See docs/forms.md, "Digital signatures".
 */
export function signerFor(
  config: Pick<Config, 'storageDir'>,
  env: NodeJS.ProcessEnv = process.env,
): Signer {
  let signer = cache.get(config);
  if (!signer) {
    const kind = env.MOTCUA_SIGNER ?? 'local-test';
    if (kind !== 'local-test')
      throw new Error(`unknown MOTCUA_SIGNER: ${kind} (only local-test is available)`);
    signer = new LocalTestSigner(path.join(config.storageDir, 'signing'));
    cache.set(config, signer);
  }
  return signer;
}
