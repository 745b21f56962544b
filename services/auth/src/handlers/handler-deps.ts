import type { AccountDeletion } from '../domain/account-deletion';
import type { AccountService } from '../domain/account-service';
import type { ApiKeyService } from '../domain/api-key-service';
import type { SessionService } from '../domain/session-service';
import type { SigningKey } from '../tokens/signing-key';

/** What the RPC handlers of AuthService need; each takes the parts it uses. */
export interface AuthHandlerDeps {
  accounts: AccountService;
  sessions: SessionService;
  apiKeys: ApiKeyService;
  deletion: AccountDeletion;
  /** The keys tokens are signed with, published by GetJwks. */
  keys: SigningKey[];
}
