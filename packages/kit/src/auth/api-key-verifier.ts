import { UnauthenticatedError } from '../errors/domain-errors';
import { looksLikeApiKey } from './api-key-format';

export interface ApiKeyVerifierOptions {
  /** How long an answer (the user, or a refusal) is reused in this process, in ms (default 1000): the revocation delay. */
  cacheMs?: number;
  /** Most answers kept (default 10000); the oldest go first. */
  cacheSize?: number;
}

interface Answer {
  userId?: string;
  refusal?: string;
  at: number;
}

/**
 * Resolves API keys to the user they act for, through `resolve` (auth's VerifyApiKey, or auth's own
 * store inside auth). Answers are cached for at most a second, so a revoked key is refused everywhere
 * within about a second; concurrent calls with one key share one lookup. Only answers are cached:
 * when auth cannot be asked, `resolve` throws (UNAVAILABLE) and the call fails closed.
 */
export class ApiKeyVerifier {
  private readonly answers = new Map<string, Answer>();
  private readonly pending = new Map<string, Promise<Answer>>();

  /** `resolve` gives the key's user id, or throws UnauthenticatedError for a key that acts for no one. */
  constructor(
    private readonly resolve: (key: string) => Promise<string>,
    private readonly options: ApiKeyVerifierOptions = {},
  ) {}

  /** The id of the user `key` acts for; UnauthenticatedError for an unknown or revoked key. */
  async verify(key: string): Promise<string> {
    if (!looksLikeApiKey(key)) throw new UnauthenticatedError('invalid API key');
    const answer = await this.answerFor(key);
    if (answer.userId === undefined) throw new UnauthenticatedError(answer.refusal ?? 'invalid API key');
    return answer.userId;
  }

  private async answerFor(key: string): Promise<Answer> {
    const cached = this.answers.get(key);
    if (cached && Date.now() - cached.at < (this.options.cacheMs ?? 1000)) return cached;
    let asking = this.pending.get(key);
    if (!asking) {
      asking = this.ask(key).finally(() => this.pending.delete(key));
      this.pending.set(key, asking);
    }
    const answer = await asking;
    this.answers.delete(key);
    // A Map keeps insertion order: dropping the first entry drops the oldest.
    if (this.answers.size >= (this.options.cacheSize ?? 10_000))
      this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, answer);
    return answer;
  }

  private async ask(key: string): Promise<Answer> {
    const at = Date.now();
    try {
      return { userId: await this.resolve(key), at };
    } catch (error) {
      if (error instanceof UnauthenticatedError) return { refusal: error.message, at };
      throw error;
    }
  }
}
