/**
 * The payload keys of the test suite. Fixed rather than random so that histories captured by
 * tests/workflow/capture-histories.test.ts can be replayed by a later run (replay.test.ts decodes them with
 * this ring). A test key, in the tests folder only: production keys come from PAYLOAD_KEYS.
 */
import { encryptingDataConverter } from '../../runtime/temporal/payload-codec';
import type { PayloadKeyRing } from '../../runtime/temporal/payload-keys';

export const TEST_PAYLOAD_KEYS = 'test-1:dGd4aC10ZXN0LXBheWxvYWQta2V5LW5vdC1zZWNyZXQ=';

export const TEST_KEY_RING: PayloadKeyRing = {
  currentKeyId: 'test-1',
  keys: new Map([['test-1', Buffer.from(TEST_PAYLOAD_KEYS.split(':')[1]!, 'base64')]]),
};

export const testDataConverter = encryptingDataConverter(TEST_KEY_RING);
