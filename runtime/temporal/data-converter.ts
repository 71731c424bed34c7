import type { DataConverter } from '@temporalio/common';
import { logLine } from '../../observability/log';
import { encryptingDataConverter } from './payload-codec';
import { payloadKeyRing } from './payload-keys';

/**
 * The data converter every Temporal client and worker of a process uses: payloads encrypted with the keys of
 * PAYLOAD_KEYS/PAYLOAD_KEY_ID, or with the development key under DATA_DIR (payload-keys.ts).
 */
export function dataConverterFromConfig(
  config: { PAYLOAD_KEYS?: string | undefined; PAYLOAD_KEY_ID?: string | undefined; dataDir: string },
  log: (line: string) => void = logLine,
): DataConverter {
  return encryptingDataConverter(payloadKeyRing(config, log));
}
