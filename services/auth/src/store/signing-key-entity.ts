import { EntitySchema } from '@mikro-orm/core';

/** A token signing key kept by auth when none is configured; only auth ever reads this table. */
export interface StoredSigningKey {
  kid: string;
  algorithm: string;
  privateKeyPem: string;
  createdAt: Date;
}

/** The auth.signing_keys table. */
export const SigningKeyEntity = new EntitySchema<StoredSigningKey>({
  name: 'SigningKey',
  tableName: 'signing_keys',
  properties: {
    kid: { type: 'string', primary: true },
    algorithm: { type: 'string' },
    privateKeyPem: { type: 'text', fieldName: 'private_key_pem' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
