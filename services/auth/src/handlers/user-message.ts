import type { auth } from '@chrono/contracts';
import type { User } from '../domain/user';

/** The user as clients see it: never the password hash. */
export function toUserMessage(user: User): auth.User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isActive: user.isActive,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
