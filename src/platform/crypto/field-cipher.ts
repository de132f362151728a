import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';

// Encryption of single fields at rest (the BSN), with a key that lives outside the database: a copy
// of the database alone does not reveal them. AES-256-GCM, a fresh nonce per value, and the field's
// name as associated data, so a value copied into another field does not decrypt.
//
// Stored form: "v1:" + base64url(nonce ‖ tag ‖ ciphertext). The version leaves room to rotate keys.

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_FILE = 'field-encryption.key';
const memoryKey = randomBytes(32);

export interface FieldCipher {
  encrypt(plain: string, field: string): string;
  /** Throws when the value was not made with this key for this field. */
  decrypt(stored: string, field: string): string;
}

export function createFieldCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new Error('the field encryption key must be 32 bytes');
  return {
    encrypt(plain, field) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(field, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    decrypt(stored, field) {
      if (!stored.startsWith('v1:')) throw new Error('unknown field encryption version');
      const raw = Buffer.from(stored.slice(3), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(field, 'utf8'));
      decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The configured key (FIELD_ENCRYPTION_KEY, required in production), or outside production the key
 * in the data directory, made on first start: `npm start` needs no setting, and a restart keeps
 * reading what it wrote.
 */
export function loadFieldKey(config: Pick<Config, 'dataDir'> & { fieldEncryptionKey?: Buffer | undefined }): Buffer {
  if (config.fieldEncryptionKey) return config.fieldEncryptionKey;
  // An in-memory database ends with the process, and its key with it; without a data directory
  // (a tool on a server database) there is no place to keep one either.
  if (config.dataDir === '' || config.dataDir.startsWith('memory://')) return memoryKey;
  const file = path.join(config.dataDir, KEY_FILE);
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  mkdirSync(config.dataDir, { recursive: true });
  // 'wx': two processes starting at once cannot both write a key; the loser reads the winner's.
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
}
