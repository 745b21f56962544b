import { randomBytes } from 'node:crypto';
import { credentials } from '@grpc/grpc-js';
import { auth } from '@chrono/contracts';
import { unary } from './unary';

/** Registers a fresh user with auth at `address`; resolves to the metadata that carries their token. */
export async function signUp(address: string, who: string): Promise<Record<string, string>> {
  const client = new auth.AuthServiceClient(address, credentials.createInsecure());
  try {
    const email = `${who}-${randomBytes(4).toString('hex')}@example.com`;
    const { accessToken } = await unary(client.register.bind(client), { email, password: 'long-enough-1', name: who });
    return { authorization: `Bearer ${accessToken}` };
  } finally {
    client.close();
  }
}
