import type { AccountDeletion } from '../domain/account-deletion';
import type { AccountService } from '../domain/account-service';
import type { ApiKeyService } from '../domain/api-key-service';
import type { SessionService } from '../domain/session-service';
import type { PublicSigningJwk } from '../tokens/signing-key';

/** What the RPC handlers of AuthService need; each takes the parts it uses. */
export interface AuthHandlerDeps {
  accounts: AccountService;
  sessions: SessionService;
  apiKeys: ApiKeyService;
  deletion: AccountDeletion;
  /** The public keys GetJwks publishes: the signing key's and those of the next or previous key. */
  jwks: PublicSigningJwk[];
}
